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

/**
 * Why a returned value could not be sent back, in Chinese. The sandbox child words these in
 * English (grader/sandbox/sealed-value.ts, lib/value.ts's encode: a fixed set of templates
 * around a path such as `result["W1"]`); each template is matched here and reworded, and a
 * message that matches none is shown as it is. Keep in step with those two files
 * (i18n/zh-outputs.test.ts renders each template).
 */
const BAD_RETURN: readonly [RegExp, (...m: string[]) => string][] = [
  [/^(.+) is undefined \(did the function forget to return\?\)$/s, (p) => `${p} 是 undefined（函数是不是忘了 return？）`],
  [/^(.+) is nested more than (\d+) levels deep$/s, (p, n) => `${p} 嵌套超过 ${n} 层`],
  [/^(.+) is a Proxy, not data$/s, (p) => `${p} 是 Proxy，不是数据`],
  [/^(.+) refers back to itself \(a cycle\)$/s, (p) => `${p} 引用了自身（循环引用）`],
  [/^(.+) has a Proxy among its prototypes, not data$/s, (p) => `${p} 的原型链中有 Proxy，不是数据`],
  [/^(.+) is missing \(a hole in the array\)$/s, (p) => `${p} 缺失（数组中有空位）`],
  [/^(.+) is a getter, not data$/s, (p) => `${p} 是 getter，不是数据`],
  [/^(.+) is a (.+), expected a Matrix, number, array or dict$/s, (p, k) => `${p} 是 ${k}，应为 Matrix、数字、数组或字典`],
  [/^(.+) is a (\w+), not data$/s, (p, t) => `${p} 是 ${t}，不是数据`],
  [/^(.+) has the key "(.*)", which the grader's wire format reserves$/s, (p, k) => `${p} 含有键 "${k}"，该键为评分程序的传输格式保留`],
  [/^(.+) is a Matrix that does not hold its own data$/s, (p) => `${p} 是不持有自身数据的 Matrix`],
  [/^result is too large to send \(more than (\d+) characters\)$/s, (n) => `结果太大，无法传回（超过 ${n} 个字符）`],
  [/^result is nested too deeply to send$/s, () => "结果嵌套太深，无法传回"],
];

export function badReturn(message: string): string {
  for (const [re, zh] of BAD_RETURN) {
    const m = re.exec(message);
    if (m) return zh(...m.slice(1));
  }
  return message;
}
