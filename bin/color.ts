/**
 * Whether to colour what goes to a stream: NO_COLOR (any non-empty value) turns colour off,
 * FORCE_COLOR turns it on (off for 0 or false), as https://no-color.org and Node do; otherwise
 * colour on a terminal only (not for TERM=dumb).
 */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !["0", "false"].includes(env.FORCE_COLOR.toLowerCase());
  return stream.isTTY === true && env.TERM !== "dumb";
}
