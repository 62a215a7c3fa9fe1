/**
 * 标记与拼接问题的中文说明：每条一句，说明哪里有问题（文件:行）以及该怎么做。
 * Same cases as `../en/markers.ts`.
 */
import type { MarkerIssue, TOP_LEVEL } from "../../grader/splice/markers.ts";
import type { SpliceIssue, UnreadableReason } from "../../grader/splice/splice.ts";

// The annotation ties this literal to markers.ts.
const TOP: typeof TOP_LEVEL = "<top level>";
const START = `"// ### START CODE HERE ###"`;
const END = `"// ### END CODE HERE ###"`;

function inFn(fn: string): string {
  return fn === TOP ? "函数之外" : `${fn} 中`;
}

/** "请在" + place: a space before a Latin function name, none before Chinese. */
function pleaseIn(place: string): string {
  return /^[\x00-\x7f]/.test(place) ? `请在 ${place}` : `请在${place}`;
}

const UNREADABLE: Record<UnreadableReason, string> = {
  empty: "是空文件，其中的代码都无法评分；请在该文件中写入你的代码后重新提交",
  binary: "包含二进制数据（NUL 字节），其中的代码都无法评分；请将其保存为 UTF-8 纯文本后重新提交",
  encoding: "不是有效的 UTF-8 文本，其中的代码都无法评分；请将其保存为 UTF-8 纯文本后重新提交",
};

export function markerIssue(issue: MarkerIssue): string {
  const loc = `${issue.file}:${issue.line}`;
  const where = inFn(issue.fn);
  switch (issue.code) {
    case "missing_end":
      return `${loc}：${where}的 START CODE HERE 标记后面没有对应的 END CODE HERE 标记；${pleaseIn(where)}你的代码下方恢复 ${END} 这一行。`;
    case "missing_start":
      return `${loc}：${where}的 END CODE HERE 标记前面没有对应的 START CODE HERE 标记；${pleaseIn(where)}你的代码上方恢复 ${START} 这一行。`;
    case "nested_start":
      return `${loc}：${where}的这个 START CODE HERE 标记位于第 ${issue.outerLine} 行开始的区域内部；区域不能嵌套，请删除多余的 START 和 END 标记。`;
    case "end_before_start":
      return `${loc}：${where}的 END CODE HERE 标记出现在第 ${issue.startLine} 行的 START CODE HERE 标记之前；请把 ${START} 放在你的代码上方，把 ${END} 放在下方。`;
    case "renamed_marker":
      return `${loc}：${where}的 "${issue.found}" 看起来像标记，但写法不完全正确；请改为 "${issue.expected}"。`;
    case "stub_block_unclosed":
      return `${loc}：${where}的 STUB CODE 块没有结束；请在 END CODE HERE 标记之前加上 "### END STUB CODE ### */" 这一行。`;
    default: {
      const unhandled: never = issue;
      return unhandled;
    }
  }
}

export function spliceIssue(issue: SpliceIssue): string {
  switch (issue.code) {
    case "unreadable_file":
      return `${issue.file}：该文件${UNREADABLE[issue.reason]}。`;
    case "file_missing":
      return `${issue.file}：提交中缺少该文件，其中的函数计 0 分；请以发布的练习为基础加入该文件并写入你的代码。`;
    case "duplicate_region":
      return `${issue.file}:${issue.line}：${issue.fn} 中有 ${issue.found} 个 START/END CODE HERE 区域，而练习中只有 ${issue.expected} 个；请删除多余的标记，使每个区域只出现一次。`;
    case "region_missing":
      return issue.found === 0
        ? `${issue.file}：${issue.fn} 的 START/END CODE HERE 标记不见了；请从发布的练习中恢复这些标记，并把代码写在它们之间。`
        : `${issue.file}：${issue.fn} 中有 ${issue.found} 个 START/END CODE HERE 区域，而练习中有 ${issue.expected} 个；请从发布的练习中恢复缺失的标记，并把代码写在标记之间。`;
    case "unexpected_region":
      return `${issue.file}:${issue.line}：${inFn(issue.fn)}的区域不是练习的评分区域，其中的代码已被忽略；请把代码写在评分函数的标记之间。`;
    default:
      return markerIssue(issue);
  }
}
