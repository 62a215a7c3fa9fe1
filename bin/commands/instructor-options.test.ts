import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { courseSecret, publishOptionsFrom } from "./instructor-options.ts";

const dir = mkdtempSync(join(tmpdir(), "dnnlab-instructor-options-"));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const base = { lang: "both", similarity: true };

describe("courseSecret", () => {
  it("reads the secret from the named environment variable or the file's first line", () => {
    expect(courseSecret({ ...base, secretEnv: "S" }, { S: "abc" })).toBe("abc");
    expect(courseSecret({ ...base, secretFile: file("secret", "  xyz \nignored\n") }, {})).toBe("xyz");
    expect(courseSecret(base, {})).toBeUndefined();
  });

  it("refuses an unset variable, an empty file and both sources at once", () => {
    expect(() => courseSecret({ ...base, secretEnv: "NOPE" }, {})).toThrow(/NOPE: the environment variable is not set or empty/);
    expect(() => courseSecret({ ...base, secretFile: file("empty", "\n") }, {})).toThrow(/the first line is empty/);
    expect(() => courseSecret({ ...base, secretEnv: "S", secretFile: "x" }, { S: "a" })).toThrow(UsageError);
  });
});

describe("publishOptionsFrom", () => {
  it("turns the flags into publish options", async () => {
    const roster = file("roster.csv", "id,name,email\ns1,林悦,lin@example.edu\n");
    expect(await publishOptionsFrom({ ...base, roster, bom: true, titles: "zh", similarityThreshold: "0.7" })).toEqual({
      roster: [{ id: "s1", name: "林悦", email: "lin@example.edu", section: "" }],
      bom: true,
      titles: "zh",
      dashboardLangs: ["en", "zh"],
      similarity: { threshold: 0.7 },
    });
    expect((await publishOptionsFrom({ lang: "zh", similarity: false })).similarity).toBe(false);
  });

  it("says which roster line is wrong, and refuses bad values", async () => {
    await expect(publishOptionsFrom({ ...base, roster: file("bad.csv", "id,name,email\ns1,A,nope\n") })).rejects.toThrow(/bad\.csv: line 2: email: not an email address/);
    await expect(publishOptionsFrom({ ...base, lang: "fr" })).rejects.toThrow(/--lang takes en, zh or both/);
    await expect(publishOptionsFrom({ ...base, similarityThreshold: "2" })).rejects.toThrow(/--similarity-threshold/);
    await expect(publishOptionsFrom({ ...base, titles: "de" })).rejects.toThrow(/--titles/);
  });
});
