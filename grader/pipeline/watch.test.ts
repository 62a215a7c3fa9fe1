import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoCheckSource } from "./check.ts";
import { type WatchEvent, watchFolder } from "./watch.ts";
import { ROOT, exerciseFor } from "../splice/stubs.ts";

const dir = mkdtempSync(join(tmpdir(), "dnnlab-watch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Collects events; `until(ok)` resolves with the first event from now on that satisfies `ok`. */
function collector() {
  const events: WatchEvent[] = [];
  let waiter: { ok: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void } | undefined;
  return {
    events,
    report: (e: WatchEvent) => {
      events.push(e);
      if (waiter?.ok(e)) waiter.resolve(e);
    },
    until: (ok: (e: WatchEvent) => boolean) => new Promise<WatchEvent>((resolve) => (waiter = { ok, resolve })),
  };
}

describe("watchFolder (dnnlab check --watch)", () => {
  it("checks once, then re-checks the saved file's questions on each save", async () => {
    copyFileSync(join(ROOT, "solutions", "regularization.ts"), join(dir, "regularization.ts"));
    const source = repoCheckSource("regularization");
    const abort = new AbortController();
    const c = collector();
    const watching = watchFolder(dir, source, { lang: "en", json: false, color: false, signal: abort.signal, debounceMs: 50 }, c.report);

    const first = await c.until(() => true);
    expect(first.kind).toBe("initial");
    expect(first.outcome.earned).toBe(first.outcome.possible);
    expect(first.outcome.possible).toBeGreaterThan(0);

    // Save the untouched exercise over it: nothing is written any more.
    const saved = c.until((e) => e.kind === "rechecked" && e.earned === 0);
    writeFileSync(join(dir, "regularization.ts"), exerciseFor("regularization.ts"));
    const second = await saved;
    expect(second).toMatchObject({ kind: "rechecked", file: "regularization.ts", earned: 0, possible: first.outcome.possible });
    expect(second.outcome.checked.map((c) => c.lab.id)).toEqual(["regularization"]);
    expect(second.outcome.text).not.toBe(first.outcome.text);

    // A file no lab grades is ignored; saving the solution again brings the points back.
    const restored = c.until((e) => e.kind === "rechecked" && e.earned > 0);
    writeFileSync(join(dir, "notes.txt"), "not graded");
    copyFileSync(join(ROOT, "solutions", "regularization.ts"), join(dir, "regularization.ts"));
    expect(await restored).toMatchObject({ kind: "rechecked", file: "regularization.ts", earned: first.outcome.possible });

    abort.abort();
    await watching;
    // An editor may fire more than one event per save; each run is still one file's.
    expect(c.events.slice(1).every((e) => e.kind === "rechecked" && e.file === "regularization.ts")).toBe(true);
  }, 120_000);
});
