/**
 * Per-student hidden variants: with a course secret, each student's hidden cases draw their
 * inputs from seeds of their own, so copying a classmate's numbers (or hard-coding the
 * outputs of someone else's run) does not transfer.
 *
 * A hidden case's recipe (grader/cases/recipes) builds its inputs with `np.random.seed(s)`
 * and draws. For a student, every such seed is replaced by
 *
 *   seed' = first 4 bytes of HMAC-SHA256(secret, "dnnlab-variant/1" ‖ student ‖ case id ‖ s)
 *
 * (numpy's seed range, [0, 2³²)), the recipe's shapes and constants stay, and the expected
 * values are computed by the reference solution here, in the grader's process, at grade
 * time, exactly as `dnnlab fixtures` computes the shared ones. The same secret, student and
 * case always give the same inputs, so a regrade gives the same result. The secret is never
 * written anywhere (not into results, the bundle or the feedback); hidden cases show no
 * values in feedback (grader/judge), and so neither do their variants.
 *
 * A case is kept as it is when its recipe draws nothing from a seed (its inputs are fixed
 * by design, e.g. θ = 0), when the reference throws or gives NaN/±Infinity on the variant,
 * or when it is listed in `keep` (a case whose seed was chosen for a property of its draw).
 */
import { createHmac } from "node:crypto";
import { np } from "../../lib/np/index.ts";
import { type Encoded, decode, encode } from "../../lib/value.ts";
import { type Module, callGraded } from "../sandbox/call.ts";
import { loadSolution } from "./generate.ts";
import { RECIPES } from "./recipes/index.ts";
import type { Recipe } from "./recipes/types.ts";
import type { Assignment, FixtureCase, FixtureFile } from "./schema.ts";

/** The seed a student's case uses in place of the recipe's seed `s`. */
export function variantSeed(secret: string, student: string, caseId: string, s: number): number {
  const mac = createHmac("sha256", secret).update(`dnnlab-variant/1\0${student}\0${caseId}\0${s}`).digest();
  return mac.readUInt32BE(0);
}

/** Run a recipe's args() with every np.random.seed(s) replaced by `reseed(s)`; says whether any seed was set. */
function drawWithSeeds(recipe: Recipe, reseed: (s: number) => number): { args: unknown[]; seeded: boolean } {
  const rng = np.random;
  const original = rng.seed;
  let seeded = false;
  rng.seed = function (this: typeof rng, s?: number) {
    seeded = true;
    return original.call(this, s === undefined ? s : reseed(s));
  } as typeof rng.seed;
  try {
    return { args: recipe.args(), seeded };
  } finally {
    rng.seed = original;
  }
}

const finite = (e: Encoded): boolean => !JSON.stringify(e).includes('"$num"');

/** One hidden case for one student, or the shared case when it cannot vary. */
export function variantCase(c: FixtureCase, recipe: Recipe, solution: Module, secret: string, student: string): FixtureCase {
  const { args, seeded } = drawWithSeeds(recipe, (s) => variantSeed(secret, student, c.id, s));
  if (!seeded) return c;
  try {
    const encodedArgs = args.map((a) => encode(a, `${c.id} argument`));
    const expected = encode(callGraded(solution, c.fn, encodedArgs.map(decode)), `${c.id} output`);
    if (!finite(expected) || !encodedArgs.every(finite)) return c;
    return { ...c, args: encodedArgs, expected };
  } catch {
    return c;
  }
}

export interface VariantOptions {
  secret: string;
  /** case ids that keep the shared inputs */
  keep?: readonly string[];
}

/**
 * A function from a student id to that student's fixture files: the shared files with each
 * hidden case replaced by the student's variant. This is the pipeline's hook
 * (GradeContext.casesFor in grader/pipeline/grade.ts).
 */
export async function hiddenVariants(fixtures: ReadonlyMap<string, FixtureFile>, opts: VariantOptions): Promise<(student: string) => Map<string, FixtureFile>> {
  if (!opts.secret) throw new Error("the course secret is empty");
  const solutions = new Map<string, Module>();
  for (const a of fixtures.keys()) if (RECIPES[a as Assignment]) solutions.set(a, await loadSolution(a as Assignment));
  const keep = new Set(opts.keep ?? []);
  return (student) =>
    new Map(
      [...fixtures].map(([a, file]) => {
        const recipes = new Map((RECIPES[a as Assignment] ?? []).map((r) => [r.id, r]));
        const solution = solutions.get(a);
        const cases = file.cases.map((c) => {
          const recipe = recipes.get(c.id);
          return c.hidden && recipe && solution && !keep.has(c.id) ? variantCase(c, recipe, solution, opts.secret, student) : c;
        });
        return [a, { ...file, cases }];
      }),
    );
}
