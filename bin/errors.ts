/** Errors a user can fix (bad path, bad option): printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
