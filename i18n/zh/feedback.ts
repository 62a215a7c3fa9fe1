/**
 * 评分用例的中文反馈：每个问题一两句话，说明是哪个函数、哪个用例、哪里不同（或发生了什么）
 * 以及下一步该怎么做；另有反馈页面和终端摘要中用到的文字。与 `../en/feedback.ts` 的键相同
 * (checked by type in grader/feedback.ts)。隐藏用例从不显示数值，只说明哪里不同。
 * What the student's code threw is quoted as it was; the sandbox's bad-return messages are reworded (./sandbox.ts).
 */
import type { CaseIssue, PropertyReason } from "../../grader/result/result.ts";
import type { CompileError } from "../../grader/compile/errors.ts";
import { compilerMessage } from "../compile.ts";
import * as f from "../format.ts";
import * as sandbox from "./sandbox.ts";
import type { CaseContext } from "../en/feedback.ts";

type Mismatch = Extract<CaseIssue, { code: "mismatch" }>["mismatch"];

const NON_FINITE = "NaN 或 ±Infinity";
const val = (x: number | null): string => (x === null ? NON_FINITE : f.value(x));
const firstLine = (s: string): string => s.split("\n", 1)[0].trim().replace(/[.。]+$/, "");
/** The first line as the end of a sentence: its own ？ or ！ (TypeScript's zh-cn text ends some in "?"), else our 。 */
const sentence = (s: string): string => {
  const line = firstLine(s);
  return /[?？!！]$/.test(line) ? line.replace(/\?$/, "？").replace(/!$/, "！") : `${line}。`;
};

function valueMismatch(m: Extract<Mismatch, { code: "value_mismatch" }>, hidden: boolean): string {
  const p = `\`${m.path}\``;
  const many = m.total > 1;
  const count = many ? `${m.total} 个元素中有 ${m.count} 个不同` : "";
  if (hidden) {
    const where = m.at ? `，第一个不同的元素在 ${f.at(m.at)}` : "";
    return many ? `${p} 的数值不一致（${count}${where}）；隐藏用例不显示具体数值` : `${p} 的数值不一致；隐藏用例不显示具体数值`;
  }
  const where = m.at ? `在 ${f.at(m.at)} 处` : "";
  const max = many ? "最大" : "";
  const errors = [
    ...(m.maxAbsErr === null ? [] : [`${max}绝对误差 ${f.error(m.maxAbsErr)}`]),
    ...(m.maxRelErr === null ? [] : [`${max}相对误差 ${f.error(m.maxRelErr)}`]),
  ].join("，");
  const extra = [errors, count].filter(Boolean).join("；");
  return `${p} ${where}不一致：应为 ${val(m.expected)}，实际为 ${val(m.got)}${extra ? `（${extra}）` : ""}`;
}

/** 输出与期望哪里不同（一个分句）。 */
export function mismatch(m: Mismatch, hidden: boolean): string {
  const p = `\`${m.path}\``;
  switch (m.code) {
    case "type_mismatch":
      return `${p}：应为${valueKind(m.expected)}，实际为${valueKind(m.got)}`;
    case "shape_mismatch":
      return `${p} 的形状是 ${f.shape(m.got)}，应为 ${f.shape(m.expected)}`;
    case "length_mismatch":
      return `${p} 有 ${m.got} 项，应为 ${m.expected} 项`;
    case "missing_key":
      return `${p} 缺少键 "${m.key}"`;
    case "value_mismatch":
      return valueMismatch(m, hidden);
    default: {
      const unhandled: never = m;
      return unhandled;
    }
  }
}

/** 用例失分的原因，一两句话。 */
export function caseIssue(issue: CaseIssue, c: CaseContext): string {
  const fn = issue.fn;
  const d = `“${c.description}”`;
  switch (issue.code) {
    case "not_written":
      return issue.missing === undefined
        ? `${fn} 还没有写，因此用例${d}计 0 分；请在它的 START CODE HERE 和 END CODE HERE 标记之间写入代码。`
        : `${fn} 调用了还没有写的 ${issue.missing}，因此用例${d}计 0 分；请先写好 ${issue.missing}。`;
    case "does_not_compile":
      return `${fn} 无法通过编译，因此用例${d}计 0 分：${issue.file}:${issue.line}:${issue.column}：${sentence(compilerMessage(issue as Pick<CompileError, "message" | "diagnostic">, "zh"))}请修正该行后再检查一次。`;
    case "file_missing":
      return `你的提交中没有 ${issue.file}，因此无法评测 ${fn}，用例${d}计 0 分；请提交写有代码的 ${issue.file}。`;
    case "marker_error":
      return `${fn} 的 START/END CODE HERE 标记已损坏${issue.line === undefined ? "" : `（${issue.file}:${issue.line}）`}，其代码未被评测，用例${d}计 0 分；请按发布的练习恢复这些标记。`;
    case "not_exported":
      return `${fn} 没有从你的文件中导出，用例${d}无法调用它；请保留发布的练习中该函数的 export 声明。`;
    case "threw":
      return issue.redacted
        ? `${fn} 在用例${d}中${issue.at ? `于 ${issue.at.file}:${issue.at.line} ` : ""}抛出了 ${issue.name}（隐藏用例，不显示错误信息）；${issue.at ? "请修正该行" : "请找到抛出异常的那一行并修正"}。`
        : issue.at
        ? `${fn} 在用例${d}中于 ${issue.at.file}:${issue.at.line} 抛出了 ${issue.name}："${firstLine(issue.message)}"；请修正该行。`
        : `${fn} 在用例${d}中抛出了 ${issue.name}："${firstLine(issue.message)}"；请找到抛出异常的那一行并修正。`;
    case "timeout": {
      const t = f.limitSeconds(issue.limitMs);
      return `${fn} 在用例${d}中没有在 ${t.n} ${t.unit === "s" ? "秒" : "毫秒"}内结束；请检查是否有不会结束的循环，或循环次数远超所需。`;
    }
    case "crashed":
      return `${fn} 在用例${d}中使测试进程停止：${firstLine(sandbox.crash(issue))}；请检查是否占用了过多内存、无限递归或调用了 process.exit。`;
    case "bad_return":
      return `${fn} 在用例${d}中返回了无法检查的值${issue.redacted ? "（隐藏用例，不显示详情）。" : `：${sentence(sandbox.badReturn(issue.message))}`}请按函数注释返回（矩阵、数字，或由它们组成的数组或对象）。`;
    case "mismatch": {
      const parts = issue.partsTotal > 1 ? `${issue.partsTotal} 个输出中有 ${issue.partsOk} 个正确。` : "";
      return `${fn}，用例${d}：${mismatch(issue.mismatch, c.hidden)}。${parts}`;
    }
    case "property_failed": {
      const head = `${fn} 不满足性质${d}：${sentence(propertyReason(issue.reason, c.hidden))}`;
      if (c.hidden) return `${head}在第 ${issue.numRuns} 次运行时发现；隐藏的检查不显示输入。`;
      return `${head}在第 ${issue.numRuns} 次运行时发现反例：输入为 ${issue.counterexample}。`;
    }
    case "infrastructure":
      return `用例${d}无法评分：${sentence(issue.detail)}如果这看起来不是你的提交的问题，请告知老师。`;
    default: {
      const unhandled: never = issue;
      return unhandled;
    }
  }
}

export const hint = (text: string): string => `提示：${text}`;

/** 仅供教师使用（学生无法运行）：用 fast-check 复现失败的性质。 */
export const replay = (seed: number, path?: string): string =>
  `复现：fc.assert(property, { seed: ${seed}${path === undefined ? "" : `, path: "${path}"`} })`;

/** 整个提交无法评分。 */
export const failure = (fl: { code: string; message: string }): string =>
  `你的提交无法评分（${fl.code}）：${sentence(fl.message)}所有题目计 0 分；请修正后重新提交，如果你认为提交没有问题，请告知老师。`;

function duration(minutes: number): string {
  const [d, h, m] = f.daysHoursMinutes(minutes);
  const parts = [d ? `${d} 天` : "", h ? `${h} 小时` : "", m ? `${m} 分钟` : ""].filter(Boolean);
  return parts.join(" ") || "0 分钟";
}

/** 迟交说明；按时提交时为 undefined。 */
export function late(l: { minutesLate: number; penaltyPercent: number }, penalty: string, raw: string): string | undefined {
  if (l.minutesLate <= 0) return undefined;
  if (l.penaltyPercent <= 0) return `在截止时间后 ${duration(l.minutesLate)}提交；不扣迟交分（在宽限期内或没有迟交规定）。`;
  return `迟交扣分：−${penalty} 分（在截止时间后 ${duration(l.minutesLate)}提交；扣除所得 ${raw} 分的 ${l.penaltyPercent}%）。`;
}

export const labels = {
  /** separators between a name and its score, and between a name and a tag */
  dash: " — ",
  dot: " · ",
  feedbackTitle: (lab: string, student: string): string => `${lab} —— ${student} 的评分反馈`,
  question: "题目",
  points: "得分",
  total: "总分",
  totalLine: (final: string, possible: string): string => `总分：${final} / ${possible}`,
  beforePenalty: (raw: string): string => `（迟交扣分前为 ${raw}）`,
  toFix: "需要修改",
  passed: "已通过",
  allPassed: "所有用例均已通过。",
  casesPassed: (n: number, of: number): string => `${of} 个用例中通过 ${n} 个`,
  hidden: "隐藏",
  hiddenTag: "（隐藏）",
  notGraded: "没有用例能够运行。",
  notes: "关于你的文件",
  outsideChanged: "标记之外的改动",
  printed: "你的代码输出的内容（末尾部分）",
  casePoints: (earned: string, possible: string, hidden: boolean): string => `得分：${earned} / ${possible}${hidden ? "（隐藏用例）" : ""}`,
  propertyComment: (id: string): string => `性质 "${id}"`,
  hiddenInputs: "隐藏的输入",
  caseInputs: (id: string): string => `用例 "${id}" 的输入`,
  comparedWithin: "在该用例的容差内与期望输出比较",
  annotation: {
    caseLine: (head: string, text: string): string => `${head}：${text}`,
    lostPoints: (fn: string, lost: string, where: string): string => `${fn}：扣 ${lost} 分（${where}）`,
    notChecked: (lab: string): string => `dnnlab：${lab} 无法检查`,
    doesNotCompile: (file: string): string => `${file} 无法通过编译`,
    more: (n: number): string => `dnnlab：另有 ${n} 个函数失分`,
    seeSummary: (names: string[]): string => `${names.join("、")}。每个失败的测试见作业摘要（job summary）。`,
  },
};

const EXPECTED_KIND = { dict: "由矩阵组成的字典", matrix: "矩阵（Matrix）", number: "数字", list: "列表" } as const;
/** Names a check gives to a value that are words rather than code. */
const WHAT: Readonly<Record<string, string>> = { cost: "代价", difference: "差值" };
/** The subject of a sentence: a word, or code followed by a space. */
const what = (w: string): string => WHAT[w] ?? `\`${w}\` `;

/** 性质失败的原因，由代码和数据生成（字符串是旧版评分程序保存的英文原句）。 */
export function propertyReason(r: PropertyReason | string, hidden = false): string {
  if (typeof r === "string") return r;
  const shape = (s: number[]): string => `(${s.join(", ")})`;
  const num = (x: number | null): string => (x === null ? NON_FINITE : String(x));
  switch (r.code) {
    case "wrong_shape":
      return `${r.param} 的形状是 ${shape(r.got)}，应为 ${shape(r.expected)}`;
    case "not_zeros":
      return `${r.param} 不全为零`;
    case "std_off":
      return `${r.param} 的标准差是 ${(r.got === null ? NON_FINITE : r.got.toFixed(4))}，应约为 ${r.formula === undefined ? f.value(r.expected) : `${r.formula} = ${r.expected.toFixed(4)}`}`;
    case "wrong_keys":
      return `${what(r.what)}的键是 [${r.got.join(", ")}]，应为 [${r.expected.join(", ")}]`;
    case "wrong_type":
      return `${what(r.what)}是${valueKind(r.got)}，应为${r.expected === "list" && r.length !== undefined ? `含 ${r.length} 项的列表` : EXPECTED_KIND[r.expected]}`;
    case "mismatch":
      return `${mismatch(r.mismatch, hidden)}${r.advice === "divide_by_keep_prob" ? "——保留下来的单元必须除以 keep_prob" : ""}`;
    case "batch_count":
      return `m = ${r.m}、批大小为 ${r.size} 时得到 ${r.got} 个 mini-batch，应为 ${r.expected} 个`;
    case "wrong_value":
      return `${r.call} = ${Number.isNaN(Number(r.got)) && r.got !== "NaN" ? valueKind(r.got).trim() : r.got}，应为 ${r.expected}`;
    case "cost_off":
      return r.lambd === 0
        ? `λ = 0 时代价为 ${num(r.got)}，应等于不含正则项的代价 ${r.plain}`
        : `λ = ${r.lambd} 时代价为 ${num(r.got)}，应为 ${r.expected}（不含正则项的代价为 ${r.plain}）`;
    case "check_too_large":
      return r.call === undefined ? `梯度正确时差值为 ${num(r.got)}，应小于 ${r.limit.toExponential()}` : `${r.call} = ${num(r.got)}，应小于 ${r.limit.toExponential()}`;
    case "check_too_small":
      return `把 ${r.key} 的每个元素加上 ${r.offBy} 后差值为 ${num(r.got)}，应大于 ${r.limit.toExponential()}`;
    case "keep_fraction":
      return `${r.param} 保留了 ${(r.got === null ? NON_FINITE : r.got.toFixed(3))} 的单元，应约为 keep_prob = ${r.expected.toFixed(3)}`;
    case "mask_not_binary":
      return `${r.param} 应只含 0 和 1`;
    case "check_threw":
      return `检查返回值时抛出了 ${r.name}：${r.message}`;
    default: {
      const unhandled: never = r;
      return unhandled;
    }
  }
}

/**
 * lib/value.ts's describe() of a value in Chinese: "Matrix (2,3)", "tuple of 3",
 * "dict with keys W1, b1", "number", "null"…; anything else is shown as it is.
 */
export function valueKind(d: string): string {
  const m = /^Matrix \((\d+),(\d+)\)$/.exec(d);
  if (m) return ` ${m[1]}×${m[2]} 的矩阵`;
  const t = /^tuple of (\d+)$/.exec(d);
  if (t) return `含 ${t[1]} 项的列表`;
  const k = /^dict with keys (.*)$/s.exec(d);
  if (k) return k[1] === "(none)" ? "空字典" : `键为 ${k[1]} 的字典`;
  const simple: Record<string, string> = { number: "数字", string: "字符串", boolean: "布尔值", bigint: "大整数", null: " null", undefined: " undefined" };
  return simple[d] ?? ` ${d}`;
}
