/**
 * The sandbox child: runs inside the bundle that grader/sandbox.ts builds, as plain JS
 * under Node's permission model. It only evaluates the student's functions on the
 * arguments the parent sends and reports what came back; the parent judges.
 *
 * The protocol (grader/sandbox/wire.ts) runs on fd 3, a socket only the parent holds the
 * other end of; stdout and stderr are the student's and are only kept for feedback. Each
 * reply carries the token the parent sent with that call's request; the parent checks
 * everything it reads: this file only makes honest answers reliable.
 *
 * Sealing: the channel's state and the current token live in closures inside
 * `runSandboxChild`, out of reach of a direct `eval` at the bundle's top level; heap
 * snapshots, V8 flags and process reports are removed before student code loads
 * (`lockDown`). Student code can still write to fd 3 itself: a line without the current
 * token is skipped by the parent, and with it (learned by reading this process's memory
 * some other way) it can only answer its own call, as returning that value would.
 *
 * Order matters: everything the protocol uses (fd I/O, JSON, the value codec, timers,
 * Promise.prototype.then, process.exit) is captured below, at module evaluation, before
 * any student module is loaded; student modules are `require`d (lazily initialised by
 * esbuild) only inside `runSandboxChild`. A module that patches globals at its top level
 * can then change what its own functions compute, never how the answer is carried.
 *
 * Requests are read with blocking reads while the child is idle, so student timers do not
 * run between calls; an async function gets the event loop until its promise settles.
 */
import { readSync, writeSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import v8Module from "node:v8";
import { inspect, types } from "node:util";
import { callGraded } from "./call.ts";
import type { ChildErrorKind } from "./outcome.ts";
import { sealValueCodec } from "./sealed-value.ts";
import { type ThrownInfo, errorLine, markText, readyLine, thrownJson, valueLine } from "./wire.ts";

// ------------------------------------------------------------------ captured at load

const CHANNEL_FD = 3;
const codec = sealValueCodec();
const ReflectApply = Reflect.apply;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
/** V8's getter of an error's own `stack` where it is an accessor (Node 24+); undefined on Node 20. */
const NATIVE_STACK_GET = ObjectGetOwnPropertyDescriptor(new Error(), "stack")?.get;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectCreate = Object.create;
const ObjectKeys = Object.keys;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;
const String_ = String;
const RegExpTest = RegExp.prototype.test;
const StringIndexOf = String.prototype.indexOf;
const StringSlice = String.prototype.slice;
const PromiseThen = Promise.prototype.then;
const TextDecoderDecode = TextDecoder.prototype.decode;
const TextEncoderEncode = TextEncoder.prototype.encode;
const TypedArraySubarray = Object.getPrototypeOf(Uint8Array.prototype).subarray as Uint8Array["subarray"];
const AtomicsWait = Atomics.wait;
const setTimeout_ = setTimeout;
const clearTimeout_ = clearTimeout;
const { isProxy, isNativeError, isPromise } = types;
const ObjectFreeze = Object.freeze;
const ObjectDefineProperty = Object.defineProperty;
const inspect_ = inspect;
const readSync_ = readSync;
const writeSync_ = writeSync;
const proc = process as NodeJS.Process & { reallyExit?: (code: number) => never };
const exitNow: (code: number) => never =
  typeof proc.reallyExit === "function" ? proc.reallyExit.bind(proc) : proc.exit.bind(proc);
const decoder = new TextDecoder("utf-8");
const encoder = new TextEncoder();
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const NOT_WRITTEN = /is not written yet/;
/** Stack frames where the runner takes over from student code: callGraded, esbuild's module init. */
const RUNNER_FRAMES = ["\n    at callGraded ", "\n    at __init "] as const;

/** Longest name / message / stack sent for one error. */
const MAX_NAME = 200;
const MAX_MESSAGE = 8_000;
const MAX_STACK = 16_000;
/** How long after its deadline an async call keeps the process alive if the parent never kills it. */
const ORPHAN_GRACE_MS = 5_000;

// ------------------------------------------------------------------ the channel

/** Retry an EAGAIN (only if someone made fd 3 non-blocking) after a short sleep. */
function isEagain(e: unknown): boolean {
  return typeof e === "object" && e !== null && ObjectGetOwnPropertyDescriptor(e, "code")?.value === "EAGAIN";
}

interface Channel {
  /** The next line from the parent; exits when the parent has gone (EOF). */
  readLine(): string;
  /** Write one whole line to the parent, blocking until it is all written. */
  send(line: string): void;
}

/**
 * The channel's state lives in this closure, not at the bundle's top level, where a
 * direct `eval` in student code could name it.
 */
function openChannel(): Channel {
  let pending = "";
  const readBuffer = new Uint8Array(1 << 16);
  return {
    readLine(): string {
      for (;;) {
        const nl = ReflectApply(StringIndexOf, pending, ["\n"]) as number;
        if (nl >= 0) {
          const line = ReflectApply(StringSlice, pending, [0, nl]) as string;
          pending = ReflectApply(StringSlice, pending, [nl + 1]) as string;
          return line;
        }
        let n: number;
        try {
          n = readSync_(CHANNEL_FD, readBuffer, 0, readBuffer.length, null);
        } catch (e) {
          if (isEagain(e)) {
            AtomicsWait(sleepCell, 0, 0, 5);
            continue;
          }
          return exitNow(70);
        }
        if (n === 0) return exitNow(0);
        const chunk = ReflectApply(TypedArraySubarray, readBuffer, [0, n]) as Uint8Array;
        pending += ReflectApply(TextDecoderDecode, decoder, [chunk, { stream: true }]) as string;
      }
    },
    send(line: string): void {
      // The leading newline ends any partial line student code left on fd 3.
      const bytes = ReflectApply(TextEncoderEncode, encoder, ["\n" + line + "\n"]) as Uint8Array;
      let off = 0;
      while (off < bytes.length) {
        try {
          off += writeSync_(CHANNEL_FD, bytes, off, bytes.length - off);
        } catch (e) {
          if (isEagain(e)) {
            AtomicsWait(sleepCell, 0, 0, 5);
            continue;
          }
          exitNow(71);
        }
      }
    },
  };
}

/**
 * What lets code read the process's own memory or change V8's flags, removed before any
 * student module loads: a heap snapshot holds the current call's token; setFlagsFromString
 * turns on --allow-natives-syntax or trace flags that make V8 write files itself (which
 * the permission model never sees). `process.binding`/`internalBinding`, `inspector`,
 * workers and child processes are denied by the permission model.
 */
function lockDown(): void {
  const v8 = v8Module as unknown as Record<string, unknown>;
  for (const name of ["getHeapSnapshot", "writeHeapSnapshot", "setHeapSnapshotNearHeapLimit", "setFlagsFromString", "queryObjects", "takeCoverage", "stopCoverage"]) {
    try {
      delete v8[name];
    } catch {
      // not configurable on some version: leave it, the other layers still hold
    }
  }
  syncBuiltinESMExports();
  ObjectFreeze(v8);
  // The parent passes an empty environment; bubblewrap still sets PWD.
  const env = process.env;
  const names = ObjectKeys(env);
  for (let i = 0; i < names.length; i++) delete env[names[i]!];
  // process.report.writeReport() makes node write a file itself.
  try {
    ObjectDefineProperty(process, "report", { value: undefined, writable: false, configurable: false });
  } catch {
    // leave it: the mount namespace and RLIMIT_FSIZE bound what it can write
  }
}

// ------------------------------------------------------------------ describing what was thrown

const cap = (s: string, n: number): string => (s.length > n ? ReflectApply(StringSlice, s, [0, n]) + "… (truncated)" : s);

/** A data property found on o or its prototypes, without running getters or traps. */
function dataProp(o: object, key: string): unknown {
  let p: object | null = o;
  for (let depth = 0; p !== null && depth < 64; depth++) {
    if (isProxy(p)) return undefined;
    const d = ObjectGetOwnPropertyDescriptor(p, key);
    if (d) return "value" in d ? d.value : undefined;
    p = ObjectGetPrototypeOf(p) as object | null;
  }
  return undefined;
}

/** name / message / stack of anything thrown: an Error, a string, a Proxy, an object with getters. */
function describeThrown(e: unknown): ThrownInfo {
  try {
    if (typeof e === "string") return { name: "string", message: cap(e, MAX_MESSAGE) };
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      return { name: typeof e, message: cap(typeof e === "symbol" ? String_(e) : "" + (e as number), MAX_MESSAGE) };
    }
    if (isProxy(e)) return { name: "Proxy", message: "a Proxy was thrown" };
    const name = dataProp(e, "name");
    const message = dataProp(e, "message");
    if (isNativeError(e) || typeof message === "string") {
      const stack = ObjectGetOwnPropertyDescriptor(e, "stack");
      const info: ThrownInfo = {
        name: cap(typeof name === "string" ? name : "Error", MAX_NAME),
        message: cap(typeof message === "string" ? message : "", MAX_MESSAGE),
      };
      const code = dataProp(e, "code");
      if (typeof code === "string") info.code = cap(code, MAX_NAME);
      // Node 20 gives an error a `stack` data property; Node 24+ (V8 13) an own accessor: read it
      // only through V8's own getter, taken before any student code ran, never a getter of theirs.
      const text = stack === undefined ? undefined : "value" in stack ? stack.value : stack.get !== undefined && stack.get === NATIVE_STACK_GET ? ReflectApply(NATIVE_STACK_GET, e, []) : undefined;
      if (typeof text === "string") info.stack = cap(text, MAX_STACK);
      return info;
    }
    const text = inspect_(e, { customInspect: false, getters: false, showProxy: true, depth: 2, maxArrayLength: 20, maxStringLength: 200, breakLength: Infinity });
    return { name: "thrown value", message: cap(text, MAX_MESSAGE) };
  } catch {
    return { name: "thrown value", message: "(something was thrown that could not be described)" };
  }
}

// ------------------------------------------------------------------ replies

/** The student's frames only: cut where the runner's own frames begin. */
function trimStack(info: ThrownInfo): ThrownInfo {
  if (info.stack === undefined) return info;
  let cut = -1;
  for (let k = 0; k < RUNNER_FRAMES.length; k++) {
    const i = ReflectApply(StringIndexOf, info.stack, [RUNNER_FRAMES[k]]) as number;
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  if (cut >= 0) info.stack = ReflectApply(StringSlice, info.stack, [0, cut]) as string;
  return info;
}

/** Write a call's mark to stdout and stderr (whole, or not at all if student code closed them). */
function writeMark(mark: string, side: "<" | ">"): void {
  const bytes = ReflectApply(TextEncoderEncode, encoder, [markText(mark, side)]) as Uint8Array;
  for (let fd = 1; fd <= 2; fd++) {
    try {
      writeSync_(fd, bytes, 0, bytes.length);
    } catch {
      // closed or redirected by student code: the parent stops waiting for the mark after a moment
    }
  }
}

/** The reply lines of one call, under its token, each after the call's end mark. */
function replies(send: (line: string) => void, token: string, mark: string, maxChars: number) {
  const error = (kind: ChildErrorKind, info: ThrownInfo): void => {
    writeMark(mark, ">");
    send(errorLine(token, kind, info));
  };
  return {
    error,
    value(v: unknown): void {
      let enc: ReturnType<typeof codec.encodeJson>;
      try {
        enc = codec.encodeJson(v, maxChars);
      } catch {
        enc = { ok: false, message: "result could not be encoded" };
      }
      if (enc.ok) {
        writeMark(mark, ">");
        send(valueLine(token, enc.json));
      }
      else error("bad_return", { name: "BadReturn", message: enc.message });
    },
    thrown(e: unknown): void {
      const info = trimStack(describeThrown(e));
      error(ReflectApply(RegExpTest, NOT_WRITTEN, [info.message]) ? "not_written" : "threw", info);
    },
  };
}

// ------------------------------------------------------------------ serving

type Namespace = Record<string, unknown>;

/** A field of a parsed request, read as own data (JSON.parse makes only those). */
const field = (o: unknown, key: string): unknown =>
  typeof o === "object" && o !== null ? ObjectGetOwnPropertyDescriptor(o, key)?.value : undefined;

/**
 * Load the student modules (each behind its own `require`, so one that throws at its top
 * level is reported for that file only), tell the parent, then answer requests until the
 * parent closes the channel.
 */
export function runSandboxChild(loaders: Record<string, () => Namespace>): void {
  // Blocking stdout/stderr: what the student prints reaches the parent before the answer
  // does, instead of waiting in a write queue that never drains while we block on fd 3.
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(true);
  }
  const { readLine, send } = openChannel();
  const hello = JSONParse(readLine()) as unknown;
  const readyToken = String_(field(hello, "token"));
  const replyChars = field(hello, "replyChars") as number;
  lockDown();

  const modules: Record<string, Namespace> = ObjectCreate(null);
  const loadErrors: Record<string, ThrownInfo> = ObjectCreate(null);
  const ready: string[] = [];
  const files = ObjectKeys(loaders);
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    try {
      modules[file] = loaders[file]!();
    } catch (e) {
      const info = trimStack(describeThrown(e));
      if (info.name === "CompileError") delete info.stack;
      else info.message = `${file} threw while loading: ${info.message}`;
      loadErrors[file] = info;
      ready[ready.length] = `{"file":${JSONStringify(file)},${thrownJson(info)}}`;
    }
  }
  send(readyLine(readyToken, ready));

  /** Answer one request; true when the answer will come later (an async function). */
  function serveOne(req: unknown): boolean {
    const token = field(req, "token");
    const mark = field(req, "mark");
    const file = field(req, "file");
    const fn = field(req, "fn");
    const args = field(req, "args");
    const timeoutMs = field(req, "timeoutMs");
    if (typeof token !== "string" || typeof mark !== "string" || typeof file !== "string" || typeof fn !== "string") return false;
    writeMark(mark, "<");
    const reply = replies(send, token, mark, replyChars);
    const loadError = loadErrors[file];
    if (loadError) {
      reply.error("threw", loadError);
      return false;
    }
    const ns = modules[file];
    if (!ns) {
      reply.error("not_exported", { name: "NotExported", message: `${file} is not part of the submission` });
      return false;
    }
    let f: unknown;
    let decoded: unknown[];
    try {
      // Own exports only: never Object.prototype's toString & co.
      f = ObjectGetOwnPropertyDescriptor(ns, fn) ? ns[fn] : undefined;
      decoded = codec.decode(args) as unknown[];
    } catch (e) {
      reply.thrown(e);
      return false;
    }
    if (typeof f !== "function") {
      reply.error("not_exported", { name: "NotExported", message: `${fn} is not exported by ${file}` });
      return false;
    }
    let result: unknown;
    try {
      result = callGraded(ns, fn, decoded);
    } catch (e) {
      reply.thrown(e);
      return false;
    }
    if (!isPromise(result)) {
      reply.value(result);
      return false;
    }
    // Keeps the event loop alive while the promise is pending (a promise nothing will ever
    // settle would otherwise let node exit quietly), and ends an orphan whose parent died.
    const guard = setTimeout_(() => exitNow(72), (typeof timeoutMs === "number" ? timeoutMs : 0) + ORPHAN_GRACE_MS);
    const settle = (answer: () => void) => {
      clearTimeout_(guard);
      answer();
      serve();
    };
    ReflectApply(PromiseThen, result, [(v: unknown) => settle(() => reply.value(v)), (e: unknown) => settle(() => reply.thrown(e))]);
    return true;
  }

  function serve(): void {
    for (;;) {
      let req: unknown;
      try {
        req = JSONParse(readLine());
      } catch {
        continue;
      }
      if (serveOne(req)) return;
    }
  }

  serve();
}
