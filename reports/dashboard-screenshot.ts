/**
 * Regenerate docs/dashboard.png: the class dashboard the demo writes, photographed whole in
 * headless Chromium (opened from disk, as an instructor opens it).
 *
 *   npx dnnlab demo --out /tmp/demo
 *   node bin/run-ts.js reports/dashboard-screenshot.ts /tmp/demo/hw2-1/index.html [docs/dashboard.png]
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, chromiumPath } from "./render.ts";

const [page, out = new URL("../docs/dashboard.png", import.meta.url).pathname] = process.argv.slice(2);
if (!page || !existsSync(page)) throw new Error("usage: reports/dashboard-screenshot.ts <the demo's hw2-1/index.html> [out.png]");
const { chromium } = await import("playwright-core");
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const tab = await browser.newPage({ viewport: { width: 1420, height: 1000 } });
  await tab.goto(pathToFileURL(resolve(page)).href);
  await tab.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
