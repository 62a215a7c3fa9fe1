/**
 * 班级总览页（out/index.html）的中文用语。Same keys as `../en/dashboard.ts`.
 */
export const dashboard = {
  lang: "zh",
  title: (lab: string) => `${lab}：班级总览`,
  otherLanguage: "English",
  summary: (n: { students: number; graded: number; late: number; failed: number; missing: number; mean: string; possible: string }) =>
    `共 ${n.students} 名学生：已评分 ${n.graded}，迟交 ${n.late}，评分失败 ${n.failed}，未提交 ${n.missing}。平均分 ${n.mean} / ${n.possible}。`,
  sections: {
    distribution: "各题得分分布",
    passRate: "各测试通过率",
    mistakes: "最常见的已识别错误",
    problems: "迟交、评分失败与未提交",
    similarity: "相似的提交",
    students: "学生",
  },
  axes: { points: "得分", students: "人数", passRate: "通过的学生比例" },
  hiddenTest: "隐藏",
  noMistakes: "这些结果中没有已识别的错误（评分器在未通过的用例上认出已知错误后，会在此列出）。",
  mistakeColumns: { mistake: "错误", fn: "函数", count: "人数", who: "学生" },
  problemColumns: { student: "学号", name: "姓名", kind: "情况", detail: "说明" },
  late: (minutes: string, penalty: string, source: string | undefined) => `迟交 ${minutes} 分钟，扣 ${penalty} 分${source ? `（时间来源：${source}）` : ""}`,
  failedWhat: "评分失败",
  lateWhat: "迟交",
  missingWhat: "未提交",
  missingDetail: "在名单中，但没有提交",
  noProblems: "无：所有提交均按时并已评分。",
  similarityIntro: (threshold: string, k: number) =>
    `只比较学生自己写的代码（所填区域，不含参考答案、初始代码和注释；忽略变量名与空白），相似度不低于 ${threshold} 的学生对；比较单位为连续 ${k} 个词法单元。`,
  noSimilar: "没有超过阈值的学生对。",
  pairTitle: (a: string, b: string, similarity: string, shared: number) => `${a} 与 ${b}：相似度 ${similarity}，共有指纹 ${shared} 个`,
  fragmentAt: (key: string, from: number, to: number) => `${key}，第 ${from}–${to} 行`,
  more: (n: number) => `另有 ${n} 人`,
  columns: { student: "学号", name: "姓名", section: "班级", total: "总分", status: "状态", similar: "相似于", links: "链接" },
  status: { graded: "已评分", late: "迟交", failed: "评分失败", missing: "未提交" } as Record<"graded" | "late" | "failed" | "missing", string>,
  feedback: "反馈",
  report: "实验报告",
  sortHint: "点击列标题可排序。",
  generated: (when: string) => `由 dnnlab 于 ${when} 生成。`,
};
