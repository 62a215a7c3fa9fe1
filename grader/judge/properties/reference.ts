/**
 * The properties that need the reference solution (hidden ones). The release build
 * replaces this module by one exporting an empty record.
 */
import type { Assignment } from "../../cases/schema.ts";
import { referenceProperties as gradientChecking } from "./gradient-checking.reference.ts";
import { referenceProperties as regularization } from "./regularization.reference.ts";
import type { PropertySpec } from "./types.ts";

export const REFERENCE_PROPERTIES: Partial<Record<Assignment, PropertySpec[]>> = {
  "gradient-checking": gradientChecking,
  regularization,
};
