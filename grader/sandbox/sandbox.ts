/**
 * The sandbox: a student's functions run in a child process that only computes; this
 * parent judges. DESIGN.md "Grading: Sandbox computes, parent judges".
 *
 *   bundleSubmission(sources)  spliced TS → one JS file (runner + student modules + lib)
 *   startSandbox(bundle)       a Sandbox: call(file, fn, args) → CallOutcome, close()
 *   withSandbox(sources, …)    both, with the process and the temp dir gone afterwards
 *
 * The child is confined by everything that works on this machine, detected once and
 * reported in every outcome (`isolation`), never silently left out:
 *   - Node's permission model: reads only inside the bundle dir, no writes, no
 *     child_process, no workers, no addons, no inspector;
 *   - `unshare`: no network (its own empty net namespace) and, as root, a fresh
 *     unprivileged uid of its own (so `process.kill(process.ppid)` or `kill(-1)` reach
 *     nobody else); not root: a user + pid namespace instead;
 *   - `prlimit`: RLIMIT_DATA bounds all its memory (typed arrays included, which
 *     --max-old-space-size does not), RLIMIT_CPU ends an orphan that spins forever;
 *   - a minimal environment, its own process group (killed whole), per-call and
 *     per-submission time limits.
 * What it writes to stdout/stderr is kept (capped) for feedback only; answers travel on
 * a socket of their own (fd 3) as JSON lines that must carry the session's nonce, the id
 * of the call being waited for, and pass the zod schema — anything else is dropped.
 */
import { randomBytes, randomInt } from "node:crypto";
import { constants as fsConstants, rmSync } from "node:fs";
import { access, chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, join, relative, sep } from "node:path";
import type { Socket } from "node:net";
import { type BuildFailure, type BuildResult, type Message, type Metafile, type OutputFile, type Plugin, build, transform } from "esbuild";
import { type ResultPromise, execa } from "execa";
import { z } from "zod";
import { type Encoded, EncodedSchema } from "../../lib/value.ts";
import { ROOT } from "../root.ts";

// ---------------------------------------------------------------------------------------
// Results

/** Errors the child reports for a call it answered. */
export const CHILD_ERROR_KINDS = ["not_written", "threw", "not_exported", "bad_return"] as const;
export type ChildErrorKind = (typeof CHILD_ERROR_KINDS)[number];

export type CrashReason = "exited" | "signal" | "out_of_memory" | "reply_too_large" | "spawn_failed" | "closed";

export type CallError =
  /** The function ran and threw, was missing, still a placeholder, or returned something that is not data. */
  | { kind: ChildErrorKind; name: string; message: string; code?: string; stack?: string }
  /** No answer in time; the child's process group was killed and the next call gets a fresh one. */
  | { kind: "timeout"; limitMs: number; scope: "call" | "startup" | "submission" }
  /** The child died (or had to be killed) without answering; the next call gets a fresh one. */
  | {
      kind: "crashed";
      /** One paragraph for feedback: what happened, then the end of stderr. */
      detail: string;
      reason: CrashReason;
      during: "startup" | "call";
      exitCode: number | null;
      signal: string | null;
      stderrTail: string;
    };

/** How the child was confined; in every outcome, so a result never hides an unconfined run. */
export type Isolation = {
  /** Node's permission model (fs reads only in the bundle dir, no writes, no child_process/workers). */
  permissionModel: boolean;
  /** "none": own empty network namespace (connect → ENETUNREACH). */
  network: "none" | "unrestricted";
  /**
   * Whom the child can signal: "own-user" (a uid no other process has) or "own-namespace"
   * (its own pid namespace): only itself; "shared": any process of our user, us included.
   */
  processes: "own-user" | "own-namespace" | "shared";
  /** "unprivileged": a uid of its own, not ours. */
  user: "unprivileged" | "same-as-parent";
  /** RLIMIT_DATA in bytes, null when prlimit is not available. */
  rlimitData: number | null;
  /** RLIMIT_CPU in seconds, null when prlimit is not available. */
  rlimitCpuSeconds: number | null;
};

export type CallOutcome = ({ ok: true; value: Encoded } | { ok: false; error: CallError }) & {
  /** Wall time of the call in the parent, start-up of a fresh child included. */
  ms: number;
  isolation: Isolation;
};

/** A file whose top-level code threw when the child loaded it (or that does not compile). */
export type LoadError = { file: string; name: string; message: string; code?: string; stack?: string };

/** A source esbuild could not compile: 1-based line and column in that source. */
export type BundleCompileError = { file: string; line: number; column: number; message: string };

// ---------------------------------------------------------------------------------------
// Limits

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
    .default(256)
    .describe("V8 old-space limit of the child (--max-old-space-size, MB). Typed arrays are outside it: see dataBytes."),
  dataBytes: z
    .number()
    .int()
    .min(128 * 2 ** 20)
    .default(512 * 2 ** 20)
    .describe(
      "RLIMIT_DATA of the child (prlimit --data, bytes): all its private memory, Float64Arrays included. Node 20 needs about 84 MB to start (below that it hangs or crashes), hence the 128 MB floor.",
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
    .default(64 * 2 ** 20)
    .describe("Largest answer line accepted from the child (bytes); a larger one kills it and the call is reported as crashed."),
});
export type SandboxLimits = z.output<typeof SandboxLimitsSchema>;
export type SandboxLimitsInput = z.input<typeof SandboxLimitsSchema>;

// ---------------------------------------------------------------------------------------
// Bundling

export interface Bundle {
  /** Private temp dir (0700, or readable only by the child's group) holding the bundle. */
  dir: string;
  /** The JS file node runs. */
  entry: string;
  /** The assignment files in the bundle, compiling or not. */
  files: string[];
  compileErrors: BundleCompileError[];
  /** Remove the dir; safe to call twice. */
  dispose(): Promise<void>;
}

export interface BundleOptions {
  /** Repository root (lib/, exercises/, grader/). Default: this checkout. */
  root?: string;
}

const SUBMISSION_NS = "dnnlab-submission";
const ENTRY_PATH = "dnnlab-sandbox:entry";
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ts$/;
const ENTRY_FILE = "sandbox.mjs";

/** A module standing in for a file that does not compile: loading it throws, so every call into it says why. */
const compileErrorStub = (file: string, message: string): string =>
  `const e = new Error(${JSON.stringify(`${file} does not compile: ${message}`)});\ne.name = "CompileError";\nthrow e;\nexport {};\n`;

/** esbuild's location (1-based line, 0-based column in UTF-8 bytes) as 1-based line and column in characters. */
function compileErrorOf(file: string, m: Message): BundleCompileError {
  const loc = m.location;
  const column = loc ? Buffer.from(loc.lineText, "utf8").subarray(0, loc.column).toString("utf8").length + 1 : 1;
  return { file, line: loc?.line ?? 1, column, message: m.text };
}

/** What a submission file may import directly: the course library, not its tests. */
const isLibModule = (path: string): boolean => path.startsWith("lib/") && !/\.test\.[cm]?[jt]s$/.test(path);

/** Where `text` first appears in a source, pointing at its opening quote as esbuild does. */
function locate(source: string, text: string): { line: number; column: number } {
  const lines = source.split("\n");
  for (let i = 0; text !== "" && i < lines.length; i++) {
    const at = lines[i]!.indexOf(text);
    if (at >= 0) return { line: i + 1, column: at > 0 && "'\"`".includes(lines[i]![at - 1]!) ? at : at + 1 };
  }
  return { line: 1, column: 1 };
}

/**
 * esbuild's own helper module (lowered decorators: __decorateElement, __runInitializers…),
 * listed as an external import of the file that needs it and inlined into the bundle; a
 * student cannot import it by name (the plugin resolves every import). Issue 13.9.
 */
const ESBUILD_RUNTIME = "<runtime>";

/**
 * Check what esbuild actually put in the bundle (it bundles a glob import such as
 * `import("../solutions" + name)` without asking the plugin; the metafile lists it as an
 * "external" import of the pattern "../solutions/**\/*"). A submission file may import only
 * lib/ (not its tests), node built-ins and other submission files; the bundle may hold
 * only those, what they import, and the runner's own modules. Returns the files to fail.
 * Throws when something is in the bundle that no submission file can be blamed for.
 */
function checkInputs(meta: Metafile, sources: Record<string, string>): Map<string, BundleCompileError> {
  const bad = new Map<string, BundleCompileError>();
  const blame = (file: string, what: string, message = `cannot import "${what}": a submission may import only ../lib/… and node built-ins`) => {
    if (!bad.has(file)) bad.set(file, { file, ...locate(sources[file] ?? "", what.split("*")[0]!), message });
  };
  const submissionFile = (key: string) => (key.startsWith(`${SUBMISSION_NS}:`) ? key.slice(SUBMISSION_NS.length + 1) : undefined);
  const reach = (from: string, stopAtSubmission: boolean): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const k = todo.pop()!;
      if (seen.has(k) || (stopAtSubmission && k !== from && submissionFile(k) !== undefined)) continue;
      seen.add(k);
      for (const imp of meta.inputs[k]?.imports ?? []) if (!imp.external) todo.push(imp.path);
    }
    return seen;
  };
  const runner = reach("dnnlab-sandbox:entry", true);
  const allowed = (k: string) => runner.has(k) || submissionFile(k) !== undefined || isLibModule(k) || k.startsWith("node_modules/");

  for (const [key, input] of Object.entries(meta.inputs)) {
    const file = submissionFile(key);
    if (file === undefined) continue;
    for (const imp of input.imports) {
      const ok = imp.path === ESBUILD_RUNTIME || (imp.external ? isBuiltin(imp.path) : submissionFile(imp.path) !== undefined || isLibModule(imp.path));
      if (!ok) blame(file, imp.original ?? imp.path);
    }
    for (const k of reach(key, false)) if (!allowed(k)) blame(file, k, `imports ${k} (through lib/), which a submission may not use`);
  }
  const stray = Object.keys(meta.inputs).filter((k) => !allowed(k));
  if (bad.size === 0 && stray.length > 0) throw new Error(`bundleSubmission: unexpected inputs in the bundle: ${stray.join(", ")}`);
  return bad;
}

/**
 * Bundle the runner and the spliced sources into one ESM file in a fresh private temp dir.
 * `sources` maps an assignment file name ("initialization.ts") to its final TypeScript;
 * each is loaded as if it were exercises/<file>, so `../lib/np/index.ts` is the real lib.
 * A source that does not compile (syntax, or an import that is not allowed or does not
 * exist) is reported in `compileErrors` and replaced by a module that throws
 * "<file> does not compile: <message>"; the rest of the bundle still builds.
 *
 * Student imports may name only lib/ (the course library), node built-ins and the other
 * submission files: never solutions/, fixtures/, grader/ or a package.
 *
 * lib/np/kernels.ts loads wasm/kernels.wasm relative to import.meta.url: it is copied next
 * to the bundle, so the child runs the same SIMD kernels as everywhere else.
 */
export async function bundleSubmission(sources: Record<string, string>, opts: BundleOptions = {}): Promise<Bundle> {
  const root = opts.root ?? ROOT;
  const files = Object.keys(sources);
  for (const f of files) {
    if (!FILE_NAME.test(f)) throw new Error(`bundleSubmission: not an assignment file name: ${JSON.stringify(f)}`);
  }
  const libDir = join(root, "lib") + sep;
  const exercisesDir = join(root, "exercises");
  const dir = await mkdtemp(join(tmpdir(), "dnnlab-sbx-"));
  installHooks();
  live.dirs.add(dir);
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await rm(dir, { recursive: true, force: true });
    live.dirs.delete(dir);
  };
  try {
    await chmod(dir, 0o700);
    const failed = new Map<string, BundleCompileError>();

    // 1. Each file parses on its own (esbuild's own syntax errors, exact line and column).
    await Promise.all(
      files.map(async (file) => {
        try {
          await transform(sources[file]!, { loader: "ts", sourcefile: file, format: "esm", target: "node20", logLevel: "silent" });
        } catch (e) {
          const first = (e as BuildFailure).errors?.[0];
          failed.set(file, first ? compileErrorOf(file, first) : { file, line: 1, column: 1, message: String(e) });
        }
      }),
    );

    const entrySource =
      `import { runSandboxChild } from ${JSON.stringify(join(root, "grader", "sandbox", "runner.ts"))};\n` +
      `runSandboxChild({\n` +
      files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify(`${SUBMISSION_NS}:${f}`)}),\n`).join("") +
      `});\n`;

    const plugin: Plugin = {
      name: "dnnlab-sandbox",
      setup(b) {
        // Imports made by student code: lib/, node built-ins and sibling files only.
        b.onResolve({ filter: /.*/, namespace: SUBMISSION_NS }, async (a) => {
          if (isBuiltin(a.path)) return { path: a.path, external: true };
          const sibling = a.path.startsWith(`${SUBMISSION_NS}:`) ? a.path.slice(SUBMISSION_NS.length + 1) : a.path.startsWith("./") ? a.path.slice(2) : "";
          if (files.includes(sibling)) return { path: sibling, namespace: SUBMISSION_NS };
          const r = await b.resolve(a.path, { resolveDir: exercisesDir, kind: a.kind, namespace: "file" });
          if (r.errors.length > 0) return { errors: r.errors };
          if (!r.external && r.namespace === "file" && r.path.startsWith(libDir) && isLibModule(relative(root, r.path))) return { path: r.path };
          return { errors: [{ text: `cannot import "${a.path}": a submission may import only ../lib/… and node built-ins` }] };
        });
        b.onResolve({ filter: /^dnnlab-sandbox:entry$/ }, () => ({ path: "entry", namespace: "dnnlab-sandbox" }));
        b.onLoad({ filter: /.*/, namespace: "dnnlab-sandbox" }, () => ({ contents: entrySource, loader: "js", resolveDir: root }));
        b.onResolve({ filter: new RegExp(`^${SUBMISSION_NS}:`) }, (a) => ({ path: a.path.slice(SUBMISSION_NS.length + 1), namespace: SUBMISSION_NS }));
        b.onLoad({ filter: /.*/, namespace: SUBMISSION_NS }, (a) => {
          const err = failed.get(a.path);
          return { contents: err ? compileErrorStub(a.path, err.message) : sources[a.path]!, loader: "ts", resolveDir: exercisesDir };
        });
      },
    };

    // 2. Bundle; an error located in a submission file fails that file, and we try again.
    //    Nothing is written until the inputs are checked (3).
    let outputs: OutputFile[];
    for (let round = 0; ; round++) {
      if (round > files.length + 1) throw new Error("bundleSubmission: too many rounds");
      let result: BuildResult<{ metafile: true; write: false }>;
      try {
        result = await build({
          entryPoints: [ENTRY_PATH],
          bundle: true,
          format: "esm",
          platform: "node",
          target: "node20",
          outfile: join(dir, ENTRY_FILE),
          absWorkingDir: root,
          plugins: [plugin],
          write: false,
          metafile: true,
          logLevel: "silent",
          legalComments: "none",
          sourcemap: "linked",
          sourcesContent: false,
        });
      } catch (e) {
        const errors = (e as BuildFailure).errors ?? [];
        const fresh = errors.filter((m) => m.location?.file.startsWith(`${SUBMISSION_NS}:`) && !failed.has(m.location.file.slice(SUBMISSION_NS.length + 1)));
        if (fresh.length === 0) {
          const text = errors.map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`).join("; ");
          throw new Error(`bundleSubmission: esbuild failed outside the submission: ${text || String(e)}`);
        }
        for (const m of fresh) {
          const file = m.location!.file.slice(SUBMISSION_NS.length + 1);
          if (!failed.has(file)) failed.set(file, compileErrorOf(file, m));
        }
        continue;
      }
      // 3. Check what actually went in (see checkInputs: glob imports bypass the plugin).
      const outside = checkInputs(result.metafile, sources);
      if (outside.size > 0) {
        for (const [file, err] of outside) failed.set(file, err);
        continue;
      }
      outputs = result.outputFiles;
      break;
    }
    for (const o of outputs) await writeFile(o.path, o.contents, { mode: 0o600 });

    await mkdir(join(dir, "wasm"), { mode: 0o700 });
    await copyFile(join(root, "lib", "np", "wasm", "kernels.wasm"), join(dir, "wasm", "kernels.wasm"));
    return {
      dir,
      entry: join(dir, ENTRY_FILE),
      files,
      compileErrors: files.flatMap((f) => (failed.has(f) ? [failed.get(f)!] : [])),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// What this machine can confine a child with (probed once per process)

/** What `detectIsolation` found; `startSandbox` builds the child's command line from it. */
export interface IsolationSupport {
  permissionFlag: string | null;
  prlimit: string | null;
  /** unshare and its options; `setuid` when it can also drop to a uid of ours. */
  unshare: { path: string; args: string[]; network: boolean; pidNamespace: boolean; setuid: boolean } | null;
}

let supportPromise: Promise<IsolationSupport> | undefined;

/** Probe unshare, prlimit and the permission model by running them, once per process. */
export function detectIsolation(): Promise<IsolationSupport> {
  supportPromise ??= probe();
  return supportPromise;
}

async function findExecutable(name: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/bin", "/usr/sbin", "/sbin"].filter(Boolean);
  for (const d of dirs) {
    const p = join(d, name);
    if (await access(p, fsConstants.X_OK).then(() => true, () => false)) return p;
  }
  return null;
}

/** Whether `cmd args… node -e 0` runs and exits 0 with an empty environment. */
async function runs(cmd: string, args: string[]): Promise<boolean> {
  const r = await execa(cmd, [...args, process.execPath, "-e", "0"], {
    reject: false,
    timeout: 10_000,
    extendEnv: false,
    env: {},
    stdin: "ignore",
  });
  return r.exitCode === 0;
}

async function probe(): Promise<IsolationSupport> {
  const flags = process.allowedNodeEnvironmentFlags;
  const flag = flags.has("--permission") ? "--permission" : flags.has("--experimental-permission") ? "--experimental-permission" : null;
  const permissionWorks = async (): Promise<boolean> => {
    if (!flag) return false;
    const code = `try{require("fs").readdirSync("/");process.exit(1)}catch(e){process.exit(e.code==="ERR_ACCESS_DENIED"?0:2)}`;
    const r = await execa(process.execPath, [flag, `--allow-fs-read=${join(tmpdir(), "dnnlab-none")}`, "-e", code], {
      reject: false,
      timeout: 10_000,
      extendEnv: false,
      env: {},
      stdin: "ignore",
    });
    return r.exitCode === 0;
  };
  const [permission, prlimitPath, unsharePath] = await Promise.all([permissionWorks(), findExecutable("prlimit"), findExecutable("unshare")]);
  const prlimit = prlimitPath && (await runs(prlimitPath, [`--data=${512 * 2 ** 20}`, "--cpu=60", "--"])) ? prlimitPath : null;

  let unshare: IsolationSupport["unshare"] = null;
  if (unsharePath) {
    const root = process.getuid?.() === 0;
    const pid = ["--pid", "--fork", "--kill-child"];
    // As root, a uid of its own already keeps the child's signals off every other process
    // (kill(ppid) → EPERM, kill(-1) reaches only itself), and without a pid namespace node
    // is our own child, reaped the moment it dies. A pid namespace would leave node an
    // orphan zombie for init to reap (about a second here) after every kill.
    const candidates: { args: string[]; network: boolean; pidNamespace: boolean; setuid: boolean }[] = root
      ? [
          { args: ["--net"], network: true, pidNamespace: false, setuid: true },
          { args: ["--net", ...pid], network: true, pidNamespace: true, setuid: false },
          { args: ["--net"], network: true, pidNamespace: false, setuid: false },
        ]
      : [
          { args: ["--user", "--map-root-user", "--net", ...pid], network: true, pidNamespace: true, setuid: false },
          { args: ["--user", "--map-root-user", "--net"], network: true, pidNamespace: false, setuid: false },
        ];
    for (const c of candidates) {
      const probeArgs = c.setuid ? [...c.args, "--setuid", "65534", "--setgid", "65534"] : c.args;
      if (await runs(unsharePath, [...probeArgs, "--"])) {
        unshare = { path: unsharePath, ...c };
        break;
      }
    }
  }
  return { permissionFlag: permission ? flag : null, prlimit, unshare };
}

// ---------------------------------------------------------------------------------------
// Output kept for feedback

/** The first `cap` bytes of a stream, the count of what was dropped, and its last few KB. */
class CappedText {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tailBuf: Buffer = Buffer.alloc(0);
  dropped = 0;
  constructor(
    private readonly cap: number,
    private readonly tailBytes = 2048,
  ) {}

  push(chunk: Buffer | string): void {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const room = this.cap - this.headBytes;
    if (room > 0) {
      const kept = b.subarray(0, room);
      this.head.push(kept);
      this.headBytes += kept.length;
    }
    this.dropped += Math.max(0, b.length - Math.max(room, 0));
    const tail = b.length >= this.tailBytes ? b.subarray(b.length - this.tailBytes) : Buffer.concat([this.tailBuf, b]);
    this.tailBuf = tail.length > this.tailBytes ? tail.subarray(tail.length - this.tailBytes) : tail;
  }

  text(): string {
    return Buffer.concat(this.head).toString("utf8");
  }

  tail(): string {
    return this.tailBuf.toString("utf8");
  }
}

export type SandboxOutput = { stdout: string; stderr: string; stdoutDroppedBytes: number; stderrDroppedBytes: number };

// ---------------------------------------------------------------------------------------
// The wire (see grader/sandbox/runner.ts for the other end)

const ThrownSchema = { name: z.string(), message: z.string(), code: z.string().optional(), stack: z.string().optional() };
const ReadySchema = z.strictObject({
  nonce: z.string(),
  type: z.literal("ready"),
  loadErrors: z.array(z.strictObject({ file: z.string(), ...ThrownSchema })),
});
const ReplySchema = z.discriminatedUnion("ok", [
  z.strictObject({ nonce: z.string(), id: z.number().int(), ok: z.literal(true), value: EncodedSchema }),
  z.strictObject({ nonce: z.string(), id: z.number().int(), ok: z.literal(false), error: z.strictObject({ kind: z.enum(CHILD_ERROR_KINDS), ...ThrownSchema }) }),
]);
type Ready = z.infer<typeof ReadySchema>;
type Reply = z.infer<typeof ReplySchema>;

/**
 * EncodedSchema also accepts `{"$matrix": <malformed>}` or `{"$num": "foo"}`, as a dict
 * (its z.record branch), and decode() would then read them as a matrix or a number.
 * An object with either key must be exactly the tagged form. (The child never sends a
 * dict with those keys: sealed-value.ts refuses them as bad_return.)
 */
const NUM_TOKENS = ["NaN", "Infinity", "-Infinity"] as const;
const TaggedSchema = z.union([
  z.strictObject({ $num: z.enum(NUM_TOKENS) }),
  z
    .strictObject({
      $matrix: z.strictObject({
        shape: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
        data: z.array(z.union([z.number(), z.enum(NUM_TOKENS)])),
      }),
    })
    .refine((m) => m.$matrix.shape[0] * m.$matrix.shape[1] === m.$matrix.data.length),
]);
function strictlyEncoded(v: unknown): boolean {
  if (v === null || typeof v !== "object") return true;
  if (Array.isArray(v)) return v.every(strictlyEncoded);
  if ("$matrix" in v || "$num" in v) return TaggedSchema.safeParse(v).success;
  return Object.values(v).every(strictlyEncoded);
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (truncated)` : s);

type ExitInfo = { exitCode: number | null; signal: string | null; spawnError?: string };

type ChildEvent =
  | { type: "message"; message: Ready | Reply }
  | { type: "exit"; exit: ExitInfo }
  | { type: "overflow" }
  | { type: "timeout" };

/**
 * Child process groups and bundle dirs alive right now. If the parent exits, or is stopped
 * by SIGINT/SIGTERM/SIGHUP, without closing its sandboxes, they are killed and removed on
 * the way out. (A SIGKILLed parent cannot clean up: then an idle child exits at the EOF of
 * its channel, one waiting on a promise at its call's deadline, a spinning one at RLIMIT_CPU.)
 */
const live = { children: new Set<Child>(), dirs: new Set<string>() };
let hooksInstalled = false;

function cleanUpNow(): void {
  for (const c of live.children) c.signal();
  for (const d of live.dirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once("exit", cleanUpNow);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      cleanUpNow();
      // Keep the signal's meaning: with nobody else listening, die of it as if we were not here.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

interface SpawnPlan {
  command: string;
  args: string[];
}

/** One child process and its channel. Messages are handed to the one waiter, or dropped. */
class Child {
  readonly nonce = randomBytes(16).toString("hex");
  readonly pid: number | undefined;
  /** Set when the parent killed it, so its death is not blamed on the student. */
  killedFor: "timeout" | "overflow" | "closed" | null = null;
  exit: ExitInfo | null = null;
  readonly closed: Promise<void>;
  /** Only what `signal()` needs: whether it has been reaped. */
  private readonly proc: { pid?: number; exitCode: number | null; signalCode: NodeJS.Signals | null } | undefined;
  private readonly channel: Socket | undefined;
  private readonly stderrTail = new CappedText(0, 4096);
  private parts: Buffer[] = [];
  private partBytes = 0;
  private overflowed = false;
  private waiter: { accept: (m: Ready | Reply) => boolean; resolve: (e: ChildEvent) => void } | null = null;

  constructor(
    plan: SpawnPlan,
    dir: string,
    private readonly limits: SandboxLimits,
    private readonly out: { stdout: CappedText; stderr: CappedText; dropped: { count: number } },
  ) {
    let proc: ResultPromise<{ stdio: ["ignore", "pipe", "pipe", "pipe"]; buffer: false; reject: false }>;
    try {
      proc = execa(plan.command, plan.args, {
        cwd: dir,
        extendEnv: false,
        env: {},
        detached: true,
        cleanup: false,
        stdio: ["ignore", "pipe", "pipe", "pipe"],
        buffer: false,
        reject: false,
      });
    } catch (e) {
      this.exit = { exitCode: null, signal: null, spawnError: String(e) };
      this.closed = Promise.resolve();
      return;
    }
    this.proc = proc;
    this.pid = proc.pid;
    if (this.pid !== undefined) {
      installHooks();
      live.children.add(this);
    }
    proc.stdout.on("data", (c: Buffer) => out.stdout.push(c));
    proc.stderr.on("data", (c: Buffer) => {
      out.stderr.push(c);
      this.stderrTail.push(c);
    });
    for (const s of [proc.stdout, proc.stderr]) s.on("error", () => {});
    this.channel = proc.stdio[3] as unknown as Socket;
    this.channel.on("error", () => {});
    this.channel.on("data", (c: Buffer) => this.onData(c));
    this.closed = proc.then(
      (r) => this.onExit({ exitCode: r.exitCode ?? null, signal: r.signal ?? null, ...(r.failed && r.exitCode === undefined && !r.signal ? { spawnError: r.message } : {}) }),
      (e: unknown) => this.onExit({ exitCode: null, signal: null, spawnError: String(e) }),
    );
    this.write({ nonce: this.nonce, replyChars: limits.replyBytes - 1024 });
  }

  get stderr(): string {
    return this.stderrTail.tail();
  }

  write(message: object): void {
    if (this.exit || !this.channel || this.channel.destroyed) return;
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message `accept` takes, or the child's end, an oversized line, or the time limit. */
  next(accept: (m: Ready | Reply) => boolean, timeoutMs: number): Promise<ChildEvent> {
    if (this.exit) return Promise.resolve({ type: "exit", exit: this.exit });
    if (this.overflowed) return Promise.resolve({ type: "overflow" });
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ type: "timeout" }), timeoutMs);
      const done = (e: ChildEvent) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(e);
      };
      this.waiter = { accept, resolve: done };
    });
  }

  /**
   * SIGKILL to its whole process group, only while its leader (our child) is not yet
   * reaped: once it is, its pid may belong to someone else. (Without a pid namespace the
   * leader is node itself; with one, unshare --kill-child takes node down with it.)
   */
  signal(): void {
    const p = this.proc;
    if (!p || p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
    try {
      process.kill(-p.pid, "SIGKILL");
    } catch {
      // ESRCH: already gone.
    }
  }

  /** Kill it and wait (bounded) until it is reaped. */
  async kill(why: "timeout" | "overflow" | "closed" | null): Promise<void> {
    if (why) this.killedFor ??= why;
    this.signal();
    await Promise.race([this.closed, sleep(5_000)]);
  }

  private onExit(exit: ExitInfo): void {
    this.exit = exit;
    live.children.delete(this);
    this.waiter?.resolve({ type: "exit", exit });
  }

  private onData(chunk: Buffer): void {
    if (this.overflowed) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (this.partBytes + piece.length > this.limits.replyBytes) {
        this.overflowed = true;
        this.parts = [];
        this.channel?.destroy();
        this.waiter?.resolve({ type: "overflow" });
        return;
      }
      if (nl < 0) {
        if (piece.length > 0) {
          this.parts.push(piece);
          this.partBytes += piece.length;
        }
        return;
      }
      const line = this.parts.length > 0 ? Buffer.concat([...this.parts, piece]).toString("utf8") : piece.toString("utf8");
      this.parts = [];
      this.partBytes = 0;
      this.onLine(line);
      start = nl + 1;
    }
  }

  private onLine(line: string): void {
    const message = this.parse(line);
    if (message && this.waiter?.accept(message)) this.waiter.resolve({ type: "message", message });
    else this.out.dropped.count++;
  }

  private parse(line: string): Ready | Reply | null {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return null;
    }
    if (typeof raw !== "object" || raw === null || (raw as { nonce?: unknown }).nonce !== this.nonce) return null;
    if ("type" in raw) {
      const r = ReadySchema.safeParse(raw);
      return r.success ? r.data : null;
    }
    const r = ReplySchema.safeParse(raw);
    if (!r.success) return null;
    if (r.data.ok && !strictlyEncoded(r.data.value)) return null;
    return r.data;
  }
}

// ---------------------------------------------------------------------------------------
// The sandbox

/**
 * Runs calls one at a time in a child, restarting it after a timeout or a crash.
 * `call` never returns a success the child did not send for that call's id and nonce.
 */
export class Sandbox {
  private child: Child | null = null;
  private usedMs = 0;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  private startupFailures = 0;
  private stickyStartupError: CallError | null = null;
  private lastLoadErrors: LoadError[] = [];
  private readonly stdout: CappedText;
  private readonly stderr: CappedText;
  /** Children started so far (1 + restarts). */
  starts = 0;
  private readonly dropped = { count: 0 };

  constructor(
    readonly bundle: Bundle,
    readonly limits: SandboxLimits,
    readonly isolation: Isolation,
    private readonly plan: SpawnPlan,
  ) {
    this.stdout = new CappedText(limits.outputBytes);
    this.stderr = new CappedText(limits.outputBytes);
  }

  /** Files whose top-level code threw when the current (or last) child loaded them. */
  get loadErrors(): readonly LoadError[] {
    return this.lastLoadErrors;
  }

  /** Lines from children that were dropped: no nonce or the wrong one, not the id waited for, failing the schema. */
  get droppedMessages(): number {
    return this.dropped.count;
  }

  /** pid of the current child's process group leader, if one is running. */
  get pid(): number | undefined {
    return this.child?.exit ? undefined : this.child?.pid;
  }

  /** What the child printed, capped, over all restarts; for feedback only. */
  output(): SandboxOutput {
    return {
      stdout: this.stdout.text(),
      stderr: this.stderr.text(),
      stdoutDroppedBytes: this.stdout.dropped,
      stderrDroppedBytes: this.stderr.dropped,
    };
  }

  /** Call `fn` exported by `file` with encoded arguments; calls run one at a time, in order. */
  call(file: string, fn: string, args: Encoded[], timeoutMs: number = this.limits.callTimeoutMs): Promise<CallOutcome> {
    if (this.isClosed) return Promise.reject(new Error("Sandbox.call: the sandbox is closed"));
    const run = this.queue.then(() => this.callNow(file, fn, args, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Kill the child's process group and remove the bundle dir. Safe to call twice. */
  async close(): Promise<void> {
    this.isClosed = true;
    const child = this.child;
    this.child = null;
    if (child) await child.kill("closed");
    await this.bundle.dispose();
  }

  private async callNow(file: string, fn: string, args: Encoded[], timeoutMs: number): Promise<CallOutcome> {
    const t0 = performance.now();
    const done = (r: { ok: true; value: Encoded } | { ok: false; error: CallError }): CallOutcome => ({
      ...r,
      ms: performance.now() - t0,
      isolation: this.isolation,
    });
    const fail = (error: CallError) => done({ ok: false, error });
    const submissionTimeout: CallError = { kind: "timeout", limitMs: this.limits.wallTimeMs, scope: "submission" };

    if (this.isClosed) return fail(this.crash({ killedFor: "closed", exit: null, stderr: "" }, "call"));
    if (this.stickyStartupError) return fail(this.stickyStartupError);
    if (this.remaining() <= 0) return fail(submissionTimeout);

    let child = this.child;
    if (!child) {
      const started = await this.start();
      if (!started.ok) return fail(started.error);
      child = started.child;
    }
    if (this.remaining() <= 0) return fail(submissionTimeout);

    const limit = Math.min(timeoutMs, this.remaining());
    const id = this.nextId++;
    const t = performance.now();
    child.write({ nonce: child.nonce, id, file, fn, args, timeoutMs: limit });
    const ev = await child.next((m) => !("type" in m) && m.id === id, limit);
    this.usedMs += performance.now() - t;

    switch (ev.type) {
      case "message": {
        const m = ev.message as Reply;
        if (m.ok) return done({ ok: true, value: m.value });
        const { kind, name, message, code, stack } = m.error;
        return fail({
          kind,
          name: cut(name, 200),
          message: cut(message, 8_000),
          ...(code !== undefined ? { code: cut(code, 200) } : {}),
          ...(stack !== undefined ? { stack: cut(stack, 16_000) } : {}),
        });
      }
      case "timeout":
        await this.discard(child, "timeout");
        return fail(limit < timeoutMs ? submissionTimeout : { kind: "timeout", limitMs: timeoutMs, scope: "call" });
      case "overflow":
        await this.discard(child, "overflow");
        return fail(this.crash(child, "call"));
      case "exit":
        await this.discard(child, null);
        return fail(this.crash(child, "call"));
    }
  }

  private remaining(): number {
    return this.limits.wallTimeMs - this.usedMs;
  }

  /** A fresh child, ready (its modules loaded); failing twice in a row fails every later call the same way. */
  private async start(): Promise<{ ok: true; child: Child } | { ok: false; error: CallError }> {
    const t = performance.now();
    const child = new Child(this.plan, this.bundle.dir, this.limits, { stdout: this.stdout, stderr: this.stderr, dropped: this.dropped });
    this.child = child;
    this.starts++;
    const limit = Math.min(this.limits.startupTimeoutMs, this.remaining());
    const ev = await child.next((m) => "type" in m, limit);
    this.usedMs += performance.now() - t;
    if (ev.type === "message") {
      this.startupFailures = 0;
      this.lastLoadErrors = (ev.message as Ready).loadErrors.map((e) => ({ ...e, message: cut(e.message, 8_000) }));
      return { ok: true, child };
    }
    let error: CallError;
    if (ev.type === "timeout") {
      await this.discard(child, "timeout");
      error =
        limit < this.limits.startupTimeoutMs
          ? { kind: "timeout", limitMs: this.limits.wallTimeMs, scope: "submission" }
          : { kind: "timeout", limitMs: this.limits.startupTimeoutMs, scope: "startup" };
    } else {
      await this.discard(child, ev.type === "overflow" ? "overflow" : null);
      error = this.crash(child, "startup");
    }
    // Loading is deterministic: a submission that cannot start twice in a row is not retried.
    if (++this.startupFailures >= 2) this.stickyStartupError = error;
    return { ok: false, error };
  }

  private async discard(child: Child, why: "timeout" | "overflow" | null): Promise<void> {
    if (this.child === child) this.child = null;
    await child.kill(why);
  }

  private crash(child: Pick<Child, "killedFor" | "exit" | "stderr">, during: "startup" | "call"): CallError {
    const exit = child.exit;
    const stderrTail = child.stderr;
    const exitCode = exit?.exitCode ?? null;
    const signal = exit?.signal ?? null;
    let reason: CrashReason;
    let what: string;
    if (child.killedFor === "overflow") {
      reason = "reply_too_large";
      what = `it sent an answer larger than ${this.limits.replyBytes} bytes and was stopped`;
    } else if (child.killedFor === "closed" && this.isClosed) {
      reason = "closed";
      what = "the sandbox was closed before it answered";
    } else if (exit?.spawnError) {
      reason = "spawn_failed";
      what = `the sandbox could not start: ${exit.spawnError}`;
    } else if (/heap out of memory|Array buffer allocation failed|allocation failed|Cannot allocate memory|bad_alloc/i.test(stderrTail)) {
      reason = "out_of_memory";
      what = `it ran out of memory (limits: heap ${this.limits.heapMb} MB${this.isolation.rlimitData ? `, data ${Math.round(this.isolation.rlimitData / 2 ** 20)} MB` : ""})`;
    } else if (signal) {
      reason = "signal";
      // V8 dies this way (no message) when RLIMIT_DATA refuses it memory mid-compile or mid-GC.
      const likelyMemory = this.isolation.rlimitData !== null && ["SIGSEGV", "SIGTRAP", "SIGABRT", "SIGBUS"].includes(signal);
      what = `it was killed by ${signal}${likelyMemory ? ` (most likely the memory limit: data ${Math.round(this.isolation.rlimitData! / 2 ** 20)} MB)` : ""}`;
    } else {
      reason = "exited";
      what = `it exited with code ${exitCode}`;
    }
    const when = during === "startup" ? "while loading the submission" : "before answering";
    const detail = `The sandboxed process stopped ${when}: ${what}.${stderrTail.trim() ? `\nEnd of its stderr:\n${stderrTail.trim()}` : ""}`;
    return { kind: "crashed", detail, reason, during, exitCode, signal, stderrTail };
  }
}

/** Start a sandbox for a bundle: probes what can confine the child, prepares the dir; the child starts on the first call. */
export async function startSandbox(bundle: Bundle, limits: SandboxLimitsInput = {}): Promise<Sandbox> {
  const l = SandboxLimitsSchema.parse(limits);
  const support = await detectIsolation();
  const uid = support.unshare?.setuid ? randomInt(1_000_000_000, 1_100_000_000) : null;
  if (uid !== null) await shareWithGroup(bundle.dir, uid);

  const cpuSeconds = Math.ceil(l.wallTimeMs / 1000) * 2 + 10;
  const nodeArgs = [
    ...(support.permissionFlag ? [support.permissionFlag, `--allow-fs-read=${bundle.dir}`] : []),
    `--max-old-space-size=${l.heapMb}`,
    "--disable-warning=ExperimentalWarning",
    "--enable-source-maps",
    bundle.entry,
  ];
  let command = process.execPath;
  let args = nodeArgs;
  if (support.unshare) {
    const u = support.unshare;
    args = [...u.args, ...(uid !== null ? ["--setuid", String(uid), "--setgid", String(uid)] : []), "--", command, ...args];
    command = u.path;
  }
  if (support.prlimit) {
    args = [`--data=${l.dataBytes}`, `--cpu=${cpuSeconds}`, "--", command, ...args];
    command = support.prlimit;
  }
  const isolation: Isolation = {
    permissionModel: support.permissionFlag !== null,
    network: support.unshare?.network ? "none" : "unrestricted",
    processes: uid !== null ? "own-user" : support.unshare?.pidNamespace ? "own-namespace" : "shared",
    user: uid !== null ? "unprivileged" : "same-as-parent",
    rlimitData: support.prlimit ? l.dataBytes : null,
    rlimitCpuSeconds: support.prlimit ? cpuSeconds : null,
  };
  return new Sandbox(bundle, l, isolation, { command, args });
}

/** Owner root, group `gid`: the child (uid = gid) can read the bundle and write nothing. */
async function shareWithGroup(dir: string, gid: number): Promise<void> {
  await chown(dir, 0, gid);
  await chmod(dir, 0o750);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    await chown(p, 0, gid);
    await chmod(p, e.isDirectory() ? 0o750 : 0o640);
  }
}

/**
 * Bundle `sources`, run `fn` with a sandbox over them, and close it whatever happens:
 * no child process and no temp dir outlives this call, even when `fn` throws.
 */
export async function withSandbox<T>(
  sources: Record<string, string>,
  limits: SandboxLimitsInput,
  fn: (sandbox: Sandbox, bundle: Bundle) => Promise<T>,
  opts: BundleOptions = {},
): Promise<T> {
  const bundle = await bundleSubmission(sources, opts);
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await startSandbox(bundle, limits);
    return await fn(sandbox, bundle);
  } finally {
    await sandbox?.close();
    await bundle.dispose();
  }
}
