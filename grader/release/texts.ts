/**
 * The hand-written files of the student bundle: its README (English and Chinese) and its
 * GitHub workflows. Pure: grader/release.ts writes them.
 *
 * Workflows. dnnlab.yml checks every push: install with npm's cache, `check --ci` (step
 * summary, annotations, results), upload the results. classroom.yml is the GitHub
 * Classroom variant (`dnnlab release --classroom`): the same check, then one step per
 * question emitting its Classroom result, read by the grading reporter. Only one of the
 * two is shipped: the reporter's README asks that no other workflow run on push, as
 * Classroom takes the status of whichever workflow finishes first.
 */
import { runnerId } from "../exporters/classroom.ts";
import type { Lab } from "../labs/lab.ts";

/** The command the workflows run to check; the release test runs the workflows' steps. */
export const CHECK_COMMAND = "node dnnlab-check.mjs check --ci";
export const INSTALL_COMMAND = "npm ci --no-audit --no-fund";

const setupSteps = `      - name: Check out
        uses: actions/checkout@v4
      - name: Set up Node.js 20 with npm's cache
        uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - name: Install the checker's packages
        run: ${INSTALL_COMMAND}
      - name: Check the exercises
        run: ${CHECK_COMMAND}
`;

const uploadStep = `      - name: Upload the results (result.json, junit.xml, summary.md)
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: dnnlab-results
          path: dnnlab-results/
          if-no-files-found: warn
`;

export function studentWorkflow(): string {
  return `# dnnlab: check the exercises on every push.
#
# The check runs the visible tests, writes the job summary (score per question, each
# failing test with its feedback), marks each function that lost points at its line in
# exercises/ (annotations), and uploads dnnlab-results/ (result.json, junit.xml).
#
# The job's status: green whenever the check ran, whatever the score; red only when
# nothing could be checked (no exercise files, or the checker itself failed). To fail
# below a score, add --fail-under N (percent) to the check step.
name: dnnlab check

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    name: Check the exercises
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
${setupSteps}${uploadStep}`;
}

/**
 * The GitHub Classroom workflow: one result step per question of the labs. Its triggers are
 * Classroom's (push, repository_dispatch) written as a mapping: @actions/workflow-parser
 * 0.3.61's schema misspells repository_dispatch in the list form, GitHub takes either.
 */
export function classroomWorkflow(labs: readonly Lab[]): string {
  const questions = labs.flatMap((lab) => lab.questions.map((q) => ({ lab, q, id: runnerId(lab.id, q.id) })));
  const steps = questions
    .map(
      ({ lab, q, id }) => `      - name: ${lab.id} ${q.id} ${q.title.en} (${q.points} points)
        id: ${id}
        if: \${{ !cancelled() }}
        run: node dnnlab-check.mjs classroom ${lab.id}/${q.id}
`,
    )
    .join("");
  const env = questions.map(({ id }) => `          ${id.toUpperCase()}_RESULTS: "\${{ steps.${id}.outputs.result }}"\n`).join("");
  return `# GitHub Classroom autograding with dnnlab: fractional points per question.
#
# The check step grades every question once (and writes the job summary and the
# annotations, as dnnlab.yml does); then one step per question turns its result into
# the output \`result\` that the grading reporter reads (base64 JSON: version, status,
# max_score, tests with name, status, score). Classroom records the sum of the tests'
# scores, so partial credit counts.
#
# Classroom's conventions (the reporter's README and Classroom's own workflows): the
# workflow is named "Autograding Tests", has the one job "run-autograding-tests" (not run
# for the Classroom bot's first commit), and no other workflow of the repository runs on
# push. The job is red when a question could not be checked
# (status "error"), not for a low score; add --fail-under N to the classroom steps to
# report "fail" below N percent.
name: Autograding Tests

on:
  push:
  repository_dispatch:
  workflow_dispatch:

permissions:
  checks: write
  actions: read
  contents: read

jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 20
    steps:
${setupSteps}${steps}${uploadStep}      - name: Autograding Reporter
        if: \${{ !cancelled() }}
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${env}        with:
          runners: ${questions.map((x) => x.id).join(",")}
`;
}

export function bundleReadme(opts: { version: string; labs: readonly Lab[]; classroom: boolean }): string {
  const rows = opts.labs.flatMap((lab) => lab.questions.map((q) => `| ${lab.id} | ${q.id} ${q.title.en} / ${q.title.zh} | \`exercises/${q.file}\` | ${q.points} |`));
  const workflow = opts.classroom ? ".github/workflows/classroom.yml" : ".github/workflows/dnnlab.yml";
  return `# Improving Deep Neural Networks — exercises / 改善深层神经网络 — 练习

dnnlab ${opts.version}. [English](#english) · [中文](#中文)

## English

Write your code in \`exercises/\`, **only between the \`// ### START CODE HERE ###\` and
\`// ### END CODE HERE ###\` markers**: the grader takes nothing else from your files. Fill
in \`report.md\` (your details, conclusions and answers) for your lab report.

| Lab | Question | File | Visible points |
|---|---|---|---:|
${rows.join("\n")}

### Check your work

You need Node.js 20 or newer.

\`\`\`sh
npm ci                          # once: installs the checker's packages
npm run check                   # or: node dnnlab-check.mjs check
node dnnlab-check.mjs check --lang zh    # the report in Chinese
\`\`\`

The check runs the **visible** tests (the cases of \`fixtures/\` and property tests) on
your functions, each in an isolated process, and prints the score per question and, for
each failing test, what went wrong and a hint. The instructor grades with more, hidden,
tests: a full score here is a good sign, not the final grade.

### On GitHub

Every push runs \`${workflow}\`: it checks your exercises, shows the score per question
and the failing tests in the run's summary, marks each function that lost points at its
line in \`exercises/\`, and keeps the results (\`dnnlab-results/\`: result.json,
junit.xml) as an artifact of the run.${opts.classroom ? " It also reports the points of each question to GitHub Classroom." : ""}

Exit status of the check (the colour of the job): **0** when the check ran, whatever the
score — a low score never makes the job red; **1** only if \`--fail-under N\` was given and
the score is below N percent; **2** when nothing could be checked (no exercise files, or
the checker itself failed).

### What is here

- \`exercises/\` — your files; \`lib/\` — the course library they import (numpy-like
  \`np\`, the network helpers); do not change \`lib/\`, the grader uses its own copy.
- \`fixtures/\` — the visible test cases; \`dnnlab-check.mjs\` — the checker.
- \`report.md\` — your report's details and text; \`dnnlab-results/\` — written by \`check --ci\`.

## 中文

在 \`exercises/\` 中编写代码，**只写在 \`// ### START CODE HERE ###\` 与
\`// ### END CODE HERE ###\` 两个标记之间**：评分只取标记之间的代码。实验报告请填写
\`report.md\`（个人信息、结论分析与问答）。

| 实验 | 题目 | 文件 | 可见分值 |
|---|---|---|---:|
${rows.join("\n")}

### 自查

需要 Node.js 20 或更高版本。

\`\`\`sh
npm ci                          # 只需一次：安装检查器所需的包
npm run check                   # 或者：node dnnlab-check.mjs check
node dnnlab-check.mjs check --lang zh    # 中文报告
\`\`\`

检查器在独立的进程中用**可见**测试（\`fixtures/\` 中的用例和性质测试）运行你的函数，
输出每题得分；每个未通过的测试都会说明问题所在并给出提示。教师评分时还会使用更多的
**隐藏**测试：这里满分是好兆头，但不是最终成绩。

### 在 GitHub 上

每次 push 都会运行 \`${workflow}\`：检查你的练习，在运行摘要中显示每题得分和未通过的
测试，在 \`exercises/\` 中失分函数所在的行上加标注，并把结果（\`dnnlab-results/\`：
result.json、junit.xml）保存为运行的附件。${opts.classroom ? "它还会把每题得分报告给 GitHub Classroom。" : ""}

检查的退出码（即任务的颜色）：只要检查运行了就是 **0**，无论得分多少——分数低不会让
任务变红；只有给了 \`--fail-under N\` 且得分低于 N% 时为 **1**；无法检查时（没有练习
文件，或检查器本身出错）为 **2**。

### 目录说明

- \`exercises/\` — 你的代码；\`lib/\` — 练习所用的课程库（类似 numpy 的 \`np\` 等），
  请勿修改，评分使用原版。
- \`fixtures/\` — 可见测试用例；\`dnnlab-check.mjs\` — 检查器。
- \`report.md\` — 报告信息与正文；\`dnnlab-results/\` — \`check --ci\` 的输出。
`;
}
