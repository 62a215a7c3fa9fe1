#!/usr/bin/env node
// The dnnlab command. The CLI is TypeScript; tsx's loader runs it on Node 20 straight
// after `npm ci`, with no build step.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
