/**
 * 沙箱崩溃代码（grader/sandbox/outcome.ts）的中文说明：运行学生代码的进程为什么没有给出结果就停止了。
 * 与 `../en/sandbox.ts` 的情形相同。
 */
import type { Crash } from "../../grader/sandbox/outcome.ts";
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
