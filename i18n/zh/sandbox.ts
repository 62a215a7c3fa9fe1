/**
 * 沙箱崩溃代码（grader/sandbox/outcome.ts）的中文说明：运行学生代码的进程为什么没有给出结果就停止了。
 * 与 `../en/sandbox.ts` 的情形相同。
 */
import type { Crash, Isolation } from "../../grader/sandbox/outcome.ts";
import { MEMORY_SIGNALS } from "../en/sandbox.ts";

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

function what(c: Crash): string {
  switch (c.reason) {
    case "reply_too_large":
      return `它发送的结果超过 ${c.replyBytes} 字节，已被终止`;
    case "bad_reply":
      return "它发送的结果不是有效的答复（格式错误、嵌套过深或元素过多），已被终止";
    case "closed":
      return "沙箱在它给出结果之前已被关闭";
    case "spawn_failed":
      return `沙箱无法启动：${c.spawnError ?? "未知错误"}`;
    case "out_of_memory":
      return `内存不足（上限：堆 ${c.heapMb} MB${c.dataBytes ? `，数据 ${mb(c.dataBytes)} MB` : ""}）`;
    case "signal": {
      const likelyMemory = c.dataBytes !== null && c.signal !== null && MEMORY_SIGNALS.includes(c.signal);
      return `它被信号 ${c.signal} 终止${likelyMemory ? `（很可能是内存上限：数据 ${mb(c.dataBytes!)} MB）` : ""}`;
    }
    case "exited":
      return `它以退出码 ${c.exitCode} 退出`;
    default: {
      const unhandled: never = c.reason;
      return unhandled;
    }
  }
}

/** 一句话：沙箱进程在何时、因何停止。 */
export function crash(c: Crash): string {
  const when = c.during === "startup" ? "加载提交时" : "给出结果之前";
  return `沙箱进程在${when}停止：${what(c)}。`;
}

/** 生效的隔离层，以及缺少的层和处理办法：供 `grade` 打印。 */
export function layers(iso: Isolation, bwrapMissing: "not_installed" | "does_not_run" | null): string {
  const on: string[] = [];
  const off: string[] = [];
  (iso.permissionModel ? on : off).push("Node 权限模型");
  if (iso.filesystem === "private-mount") on.push("私有文件系统（bubblewrap：只有只读的代码包；私有 /tmp、/run、/dev/shm）");
  else
    off.push(
      `私有文件系统：bubblewrap ${bwrapMissing === "does_not_run" ? "已安装但在此无法创建命名空间" : "未安装（Debian：apt-get install bubblewrap）"}，子进程能看到主机的文件（读取仍受权限模型限制）和磁盘上的 unix 套接字`,
    );
  (iso.network === "none" ? on : off).push("无网络");
  if (iso.processes !== "shared") on.push(iso.processes === "own-namespace" ? "独立的 pid 命名空间" : "独立的 uid");
  else off.push("进程隔离（子进程可以向评分程序的进程发信号）");
  if (iso.user === "unprivileged") on.push("无特权 uid");
  if (iso.rlimitData !== null) on.push(`内存上限 ${mb(iso.rlimitData)} MiB`);
  else off.push("内存上限（缺少 prlimit）");
  if (iso.rlimitCpuSeconds !== null) on.push(`CPU ${iso.rlimitCpuSeconds} 秒`);
  if (iso.rlimitFsize !== null) on.push(`文件 ≤ ${mb(iso.rlimitFsize)} MiB`);
  (iso.diesWithParent ? on : off).push("随评分程序一起结束");
  return `沙箱隔离层：${on.join("、")}${off.length ? `\n未生效：${off.join("；")}` : ""}`;
}
