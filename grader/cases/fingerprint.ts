/**
 * What a class was graded with, short enough to store in every result: a hash of the lab's
 * fixture files (the cases and expected values) and an id of the hidden-variant secret, so
 * `--resume` and `merge` can tell results graded under other cases from the rest. The
 * secret's id is an HMAC of a fixed text under the secret: it names the secret without
 * revealing it (nobody can get the secret, or a student's variant seeds, back from it).
 */
import { createHash, createHmac } from "node:crypto";
import type { FixtureFile } from "./schema.ts";

export interface GradedWith {
  /** the first 16 hex digits of SHA-256 over the lab's fixture files */
  fixtures: string;
  /** the secret's id (12 hex digits), null without per-student hidden variants */
  secret: string | null;
}

export function fixturesFingerprint(fixtures: ReadonlyMap<string, FixtureFile>): string {
  const entries = [...fixtures.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 16);
}

export const secretId = (secret: string): string => createHmac("sha256", secret).update("dnnlab-secret-id/1").digest("hex").slice(0, 12);

export const gradedWith = (fixtures: ReadonlyMap<string, FixtureFile>, secret: string | undefined): GradedWith => ({
  fixtures: fixturesFingerprint(fixtures),
  secret: secret ? secretId(secret) : null,
});

/** One line for messages: `fixtures 3f2a…, secret none`. */
export const describeGradedWith = (g: GradedWith | undefined): string =>
  g ? `fixtures ${g.fixtures}, ${g.secret ? `secret ${g.secret}` : "no secret"}` : "unknown (graded by an older dnnlab)";

export const sameGradedWith = (a: GradedWith | undefined, b: GradedWith | undefined): boolean =>
  a?.fixtures === b?.fixtures && a?.secret === b?.secret;
