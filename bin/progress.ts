/** Progress on stderr: a bar on a terminal; in CI logs or pipes, one plain line per item. */
export interface Progress {
  tick: (line: string) => void;
  stop: () => void;
}

export async function progressReporter(total: number, label = "grading"): Promise<Progress> {
  const interactive = process.stderr.isTTY && !process.env.CI;
  if (!interactive) {
    return { tick: (line) => console.error(line), stop: () => undefined };
  }
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} | {last}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0, { last: "" });
  let n = 0;
  return {
    tick: (line) => bar.update(++n, { last: line.replace(/^\[\d+\/\d+\] /, "") }),
    stop: () => bar.stop(),
  };
}
