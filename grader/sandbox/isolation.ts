/**
 * What this machine can confine a child with, probed once per process by running it, and
 * the child's command line built from what works.
 */
import { constants as fsConstants } from "node:fs";
import { randomInt } from "node:crypto";
import { access, chmod, chown, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import type { Isolation } from "./outcome.ts";

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
 * The child's command line from what works here, and the Isolation it gives. As root with
 * `unshare --setuid`, the bundle dir is handed to the child's fresh uid (group-readable).
 */
export async function planSpawn(support: IsolationSupport, p: PlanInput): Promise<{ plan: SpawnPlan; isolation: Isolation }> {
  const uid = support.unshare?.setuid ? randomInt(1_000_000_000, 1_100_000_000) : null;
  if (uid !== null) await shareWithGroup(p.dir, uid);
  const nodeArgs = [
    ...(support.permissionFlag ? [support.permissionFlag, `--allow-fs-read=${p.dir}`] : []),
    `--max-old-space-size=${p.heapMb}`,
    "--disable-warning=ExperimentalWarning",
    "--enable-source-maps",
    p.entry,
  ];
  let command = process.execPath;
  let args = nodeArgs;
  if (support.unshare) {
    const u = support.unshare;
    args = [...u.args, ...(uid !== null ? ["--setuid", String(uid), "--setgid", String(uid)] : []), "--", command, ...args];
    command = u.path;
  }
  if (support.prlimit) {
    args = [`--data=${p.dataBytes}`, `--cpu=${p.cpuSeconds}`, "--", command, ...args];
    command = support.prlimit;
  }
  const isolation: Isolation = {
    permissionModel: support.permissionFlag !== null,
    network: support.unshare?.network ? "none" : "unrestricted",
    processes: uid !== null ? "own-user" : support.unshare?.pidNamespace ? "own-namespace" : "shared",
    user: uid !== null ? "unprivileged" : "same-as-parent",
    rlimitData: support.prlimit ? p.dataBytes : null,
    rlimitCpuSeconds: support.prlimit ? p.cpuSeconds : null,
  };
  return { plan: { command, args }, isolation };
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
