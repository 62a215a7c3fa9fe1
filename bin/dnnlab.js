#!/usr/bin/env node
// The dnnlab command. The CLI is TypeScript; tsx's loader runs it on Node 20 straight
// after `npm ci`, with no build step.
import { register } from "tsx/esm/api";

register();
// `check` type-checks in a worker thread and probes the sandbox's isolation: start both
// before the CLI's modules load, which takes about as long (issue 14.1).
if (process.argv[2] === "check") (await import("../grader/pipeline/check-warm.ts")).prewarmCheck();
await import("./cli.ts");
