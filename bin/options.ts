/** Option values checked once, with the message that says what to give instead. */
import { UsageError } from "./errors.ts";

/** --call-timeout: whole milliseconds, at least 100. */
export function parseCallTimeout(text: string): number {
  const ms = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isInteger(ms) || ms < 100) throw new UsageError(`--call-timeout takes milliseconds ≥ 100, got "${text}"`);
  return ms;
}
