import { describe, expect, it } from "vitest";
import { RosterError, missingStudents, parseCsv, parseRoster } from "./roster.ts";

describe("parseRoster", () => {
  it("reads id, name, email and section, in any column order, with a BOM and CRLF", () => {
    const text = "\uFEFFName,ID,Email,Section\r\n林悦,s2026001,lin.yue@example.edu,智能 24-1\r\n\"Zhou, Ming\",s2026002,zhou.ming@example.edu,\r\n";
    expect(parseRoster(text)).toEqual([
      { id: "s2026001", name: "林悦", email: "lin.yue@example.edu", section: "智能 24-1" },
      { id: "s2026002", name: "Zhou, Ming", email: "zhou.ming@example.edu", section: "" },
    ]);
  });

  it("names the line of every bad row, all at once", () => {
    const text = "id,name,email\ns1,A,a@example.edu\ns2,,b@example.edu\ns3,C,not-an-email\ns1,D,d@example.edu\n../x,E,e@example.edu\n";
    let err: unknown;
    try {
      parseRoster(text, "roster.csv");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RosterError);
    expect((err as RosterError).problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect((err as Error).message).toMatchInlineSnapshot(`
      "roster.csv: 4 problems:
        line 3: name: the name is empty
        line 4: email: not an email address
        line 5: id s1 is already on line 2
        line 6: id: the id may hold only letters, digits, '.', '_' and '-' (it names the submission folder)"
    `);
  });

  it("refuses a header without the required columns", () => {
    expect(() => parseRoster("student,mail\ns1,a@example.edu\n", "r.csv")).toThrow("r.csv: line 1: the header lacks the columns id, name, email");
  });

  it("counts lines inside quoted fields that span lines", () => {
    expect(parseCsv('a,b\n"x\ny",z\nq,r\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("lists roster students without a result as missing", () => {
    const roster = parseRoster("id,name,email\ns1,A,a@example.edu\ns2,B,b@example.edu\n");
    expect(missingStudents(roster, ["s1"]).map((e) => e.id)).toEqual(["s2"]);
  });
});
