/** 关于提交文件的中文说明（标记和编译问题之外）：读取文件夹或压缩包时拒绝了什么，以及标记之外的改动。与 `../en/notes.ts` 的键相同。 */
import type { SubmissionNote } from "../../grader/submission/read.ts";

export function submissionNote(n: SubmissionNote): string {
  switch (n.code) {
    case "too_large":
      return `${n.file} 有 ${n.bytes} 字节，超过 ${n.limit} 字节的上限，未读取。`;
    case "symlink_ignored":
      return `${n.path} 是符号链接，不会被跟随，已忽略。`;
    case "unsafe_path":
      return `压缩包条目 ${n.path} 指向提交目录之外，已忽略。`;
    case "duplicate_file":
      return `${n.file} 有两份：评分使用 ${n.used}，忽略 ${n.ignored}。`;
    case "too_many_entries":
      return `压缩包条目超过 ${n.limit} 个，其余未读取。`;
    case "zip_too_large":
      return `压缩包解压后超过 ${n.limit} 字节，已停止读取。`;
  }
}

export const outsideChanged = (file: string): string => `${file}：标记 START/END CODE HERE 之外的改动已被忽略，只评测标记之间的代码。`;
