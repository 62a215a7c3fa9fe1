/**
 * Where the course files are: lib/, exercises/, fixtures/, tsconfig.json, node_modules/.
 * In this repository that is the checkout (the parent of grader/). The released checker
 * (grader/release.ts) is built with this module replaced, so that there it is the folder
 * of the student bundle, which holds the same layout.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
