/**
 * The labs dnnlab ships, and loading a lab by id or from a JSON file of the same shape
 * (grader/lab.ts), validated and with its points resolved.
 */
import { existsSync, readFileSync } from "node:fs";
import { fixturePath, readFixtureFile } from "../cases/files.ts";
import { ASSIGNMENTS, type FixtureFile } from "../cases/schema.ts";
import { type KnownTests, type Lab, LabConfigError, resolveLab } from "./lab.ts";
import { PROPERTIES } from "../judge/properties/index.ts";
import { hw21 } from "./hw2-1.ts";
import { regularization } from "./regularization.ts";

export const BUILTIN_LABS: Record<string, unknown> = { "hw2-1": hw21, regularization };

/** Every fixture file, read and validated once. */
export function loadFixtures(): Map<string, FixtureFile> {
  return new Map(ASSIGNMENTS.filter((a) => existsSync(fixturePath(a))).map((a) => [a, readFixtureFile(a)]));
}

export function knownTests(fixtures: ReadonlyMap<string, FixtureFile>): KnownTests {
  return {
    fixtureIds: (a) => new Set(fixtures.get(a)?.cases.map((c) => c.id) ?? []),
    propertyIds: (a) => new Set(PROPERTIES[a].map((p) => p.id)),
  };
}

/** A built-in lab id ("hw2-1", "regularization") or the path of a lab JSON file. */
export function loadLab(idOrPath: string, fixtures: ReadonlyMap<string, FixtureFile> = loadFixtures()): Lab {
  let raw: unknown = BUILTIN_LABS[idOrPath];
  if (raw === undefined) {
    if (!existsSync(idOrPath)) {
      throw new LabConfigError(`no lab "${idOrPath}": use one of ${Object.keys(BUILTIN_LABS).join(", ")} or the path of a lab JSON file`);
    }
    try {
      raw = JSON.parse(readFileSync(idOrPath, "utf8"));
    } catch (err) {
      throw new LabConfigError(`${idOrPath}: not valid JSON (${(err as Error).message})`);
    }
  }
  return resolveLab(raw, knownTests(fixtures));
}
