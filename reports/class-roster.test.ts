import { describe, expect, it } from "vitest";
import { parseRoster } from "../grader/roster/roster.ts";
import { withRoster } from "./class.ts";
import { emptyMetadata } from "./metadata.ts";

describe("withRoster", () => {
  const [entry] = parseRoster("id,name,email,section\ns2026060,唐文,tang.wen@example.edu,智能 24-1\n");

  it("fills a report header the student left empty from the roster", () => {
    expect(withRoster(emptyMetadata(), entry).fields).toEqual({ studentId: "s2026060", name: "唐文", class: "智能 24-1", email: "tang.wen@example.edu", date: null });
  });

  it("prefers the roster to what the student wrote, and keeps the student's class when the roster has no section", () => {
    const m = { ...emptyMetadata(), fields: { studentId: "s2026066", name: "Tang", class: "AI-1", email: "x@example.edu", date: "2026-12-01" } };
    const [noSection] = parseRoster("id,name,email\ns2026060,唐文,tang.wen@example.edu\n");
    expect(withRoster(m, noSection).fields).toEqual({ studentId: "s2026060", name: "唐文", class: "AI-1", email: "tang.wen@example.edu", date: "2026-12-01" });
  });

  it("leaves the header alone for a student the roster does not list", () => {
    const m = emptyMetadata();
    expect(withRoster(m, undefined)).toBe(m);
  });
});
