/**
 * The four graded assignments, by the name their fixture file and exercise file carry.
 * A module of its own (no zod) so the CLI can list them in --help without loading the schemas.
 */
export const ASSIGNMENTS = ["initialization", "gradient-checking", "optimization", "regularization"] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];
