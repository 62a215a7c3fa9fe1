#!/usr/bin/env node
// The dnnlab command. The CLI is TypeScript (bin/main.ts): tsx's loader runs it on Node 20
// straight after `npm ci`, with no build step. `check`, which students run dozens of times
// an evening, starts from the cached bundle of the same sources when it is current
// (bin/cli-cache.js); when it is not, this run uses the sources and a rebuild starts.
import { pathToFileURL } from "node:url";
import { BUNDLED_COMMANDS, cacheFolder, freshCliBundle, rebuildInBackground } from "./cli-cache.js";

const dir = BUNDLED_COMMANDS.has(process.argv[2] ?? "") ? cacheFolder() : undefined;
const bundle = dir === undefined ? undefined : freshCliBundle(dir);
if (bundle !== undefined) {
  await import(pathToFileURL(bundle).href);
} else {
  if (dir !== undefined) rebuildInBackground(dir);
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
