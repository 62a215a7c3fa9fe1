/**
 * What `dnnlab` runs once Node can load it: from the TypeScript sources through tsx, or
 * from the cached bundle of them (bin/cli-bundle.ts). `check` type-checks in a worker
 * thread: it is started before the CLI's modules load, which takes about as long (issue 14.1).
 * Its warm-up never keeps the process alive.
 */
const args = process.argv.slice(2);
if (args[0] === "check" && !args.includes("--help") && !args.includes("-h")) (await import("../grader/pipeline/check-warm.ts")).prewarmTypeCheck();
await import("./cli.ts");
