/** Progress on stderr: a bar on a terminal; in CI logs or pipes, one plain line per item. */
export interface Progress {
  tick: (line: string) => void;
  stop: () => void;
}

export async function progressReporter(total: number, label = "grading", stream: NodeJS.WritableStream = process.stderr): Promise<Progress> {
  const interactive = (stream as { isTTY?: boolean }).isTTY === true && !process.env.CI;
  if (!interactive) {
    return { tick: (line) => stream.write(`${line}\n`), stop: () => undefined };
  }
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} | {last}`, stream: stream as NodeJS.WriteStream, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0, { last: "" });
  let n = 0;
  return {
    tick: (line) => bar.update(++n, { last: line.replace(/^\s*\[[^\]]*\] /, "") }),
    stop: () => bar.stop(),
  };
}
