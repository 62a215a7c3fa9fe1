/**
 * How long type-checking a submission takes (grader/compile.ts): cold (first call in a
 * fresh process: typescript loaded, lib files parsed and bound) and warm (every later
 * submission of a batch). Run: node bin/run-ts.js bench/compile.ts [submissions=50] [env=auto|lean|full]
 * (auto: the lean environment, the full one only for a submission with a type error).
 *
 * A "submission" is the four solutions spliced into their exercises, each region given a
 * distinct comment so no SourceFile is reused from the previous submission; every fourth
 * one also has a type error in one region, which costs a second round.
 */
const t0 = performance.now();
const { compileSubmission } = await import("../grader/compile/compile.ts");
const { splice } = await import("../grader/splice/splice.ts");
const { exerciseFor, solutionFiles } = await import("../grader/splice/stubs.ts");
const { readFileSync } = await import("node:fs");
const { join } = await import("node:path");
const { ROOT } = await import("../grader/splice/stubs.ts");
const tImport = performance.now();

const n = Number(process.argv[2] ?? 50);
const env = (process.argv[3] ?? "auto") as "auto" | "lean" | "full";
const files = solutionFiles();
const pristine = new Map(files.map((f) => [f, exerciseFor(f)]));
const solutions = new Map(files.map((f) => [f, readFileSync(join(ROOT, "solutions", f), "utf8")]));

function submission(i: number) {
  return files.map((f) => {
    let text = solutions.get(f)!.replaceAll("// ### END CODE HERE ###", `// student ${i}\n    // ### END CODE HERE ###`);
    if (i % 4 === 3 && f === files[0]) text = text.replace(/(\/\/ ### START CODE HERE ###.*\n)/, "$1    const oops: string = 1;\n");
    return splice(pristine.get(f)!, text, f);
  });
}

/** Wall-clock ms; CPU ms (user + system) are summed into `cpu`, which a loaded machine inflates less. */
let cpu = 0;
const time = (fn: () => void) => {
  const t = performance.now();
  const c = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c);
  cpu += (used.user + used.system) / 1000;
  return performance.now() - t;
};

const first = submission(0);
let errors = 0;
const cold = time(() => (errors = compileSubmission(first, { env }).errors.length));
const coldCpu = cpu;
cpu = 0;
const warm: number[] = [];
for (let i = 1; i <= n; i++) {
  const sub = submission(i);
  warm.push(time(() => compileSubmission(sub, { env })));
}
warm.sort((a, b) => a - b);
const mean = warm.reduce((a, b) => a + b, 0) / warm.length;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
console.log(`environment: ${env}`);
console.log(`import grader/compile.ts (typescript included): ${fmt(tImport - t0)}`);
console.log(`cold: first submission (${files.length} files, ${errors} errors): ${fmt(cold)} (cpu ${fmt(coldCpu)})`);
console.log(`warm: ${n} submissions, mean ${fmt(mean)} (cpu ${fmt(cpu / n)}), median ${fmt(warm[n >> 1])}, max ${fmt(warm[n - 1])}`);
console.log(`cold total from script start: ${fmt(tImport - t0 + cold)}`);
