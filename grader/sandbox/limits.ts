/** The limits one sandbox runs under (time, memory, output, reply size), with their defaults. */
import { z } from "zod";

export const SandboxLimitsSchema = z.strictObject({
  callTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(5_000)
    .describe("Time one call may take before the child's process group is killed (ms); the next call gets a fresh child."),
  wallTimeMs: z
    .number()
    .int()
    .positive()
    .default(120_000)
    .describe(
      "Time the whole submission may use, over all calls, start-ups and restarts (ms); the parent's own time between calls is not counted.",
    ),
  startupTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe("Time a fresh child has to start node and load the student's modules (ms)."),
  heapMb: z
    .number()
    .int()
    .positive()
    .default(192)
    .describe(
      "V8 old-space limit of the child (--max-old-space-size, MB). Typed arrays are outside it: see dataBytes. Below dataBytes, so a heap that fills up ends with V8's own 'heap out of memory' rather than a failed allocation.",
    ),
  dataBytes: z
    .number()
    .int()
    .min(128 * 2 ** 20)
    .default(256 * 2 ** 20)
    .describe(
      "RLIMIT_DATA of the child (prlimit --data, bytes): a hard cap on all its private memory, Float64Arrays included (DESIGN: 256 MB). Node 20 needs about 84 MB to start (below that it hangs or crashes), hence the 128 MB floor; the perfect student grades fully at 128 MiB.",
    ),
  outputBytes: z
    .number()
    .int()
    .nonnegative()
    .default(64 * 1024)
    .describe("Bytes of the child's stdout, and of its stderr, kept for feedback; the rest is dropped and counted."),
  replyBytes: z
    .number()
    .int()
    .min(4096)
    .default(4 * 2 ** 20)
    .describe(
      "Largest answer line accepted from the child (bytes); a larger one kills it and the call is reported as crashed (reply_too_large). The largest honest answer of the course is 35 KB (the notebook's mini-batches); 4 MiB is over 100 times that and keeps a forged line cheap to refuse.",
    ),
});
export type SandboxLimits = z.output<typeof SandboxLimitsSchema>;
export type SandboxLimitsInput = z.input<typeof SandboxLimitsSchema>;
