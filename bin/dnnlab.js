#!/usr/bin/env node
// The dnnlab command. The CLI is TypeScript; tsx's loader runs it on Node 20 straight
// after `npm ci`, with no build step.
import { register } from "tsx/esm/api";

register();
// `check` type-checks in a worker thread: start it before the CLI's modules load, which
// takes about as long (issue 14.1). Its warm-up never keeps the process alive.
const args = process.argv.slice(2);
if (args[0] === "check" && !args.includes("--help") && !args.includes("-h")) (await import("../grader/pipeline/check-warm.ts")).prewarmTypeCheck();
await import("./cli.ts");
