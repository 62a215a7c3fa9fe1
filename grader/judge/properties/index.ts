/**
 * Every property, by assignment. The released checker is built without the
 * `*.reference.ts` modules (they import solutions/); see grader/release.ts.
 */
import type { Assignment } from "../../cases/schema.ts";
import { properties as gradientChecking } from "./gradient-checking.ts";
import { properties as initialization } from "./initialization.ts";
import { properties as optimization } from "./optimization.ts";
import { REFERENCE_PROPERTIES } from "./reference.ts";
import { properties as regularization } from "./regularization.ts";
import type { PropertySpec } from "./types.ts";

export const PROPERTIES: Record<Assignment, PropertySpec[]> = {
  initialization: [...initialization, ...(REFERENCE_PROPERTIES.initialization ?? [])],
  "gradient-checking": [...gradientChecking, ...(REFERENCE_PROPERTIES["gradient-checking"] ?? [])],
  optimization: [...optimization, ...(REFERENCE_PROPERTIES.optimization ?? [])],
  regularization: [...regularization, ...(REFERENCE_PROPERTIES.regularization ?? [])],
};

export function findProperty(assignment: Assignment, id: string): PropertySpec | undefined {
  return PROPERTIES[assignment].find((p) => p.id === id);
}
