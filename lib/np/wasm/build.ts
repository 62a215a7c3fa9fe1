/**
 * Build lib/np/wasm/kernels.wasm from kernels.wat (the matrix-product kernels of lib/np).
 *
 *   npm run build:wasm                 # = node bin/run-ts.js lib/np/wasm/build.ts
 *   npm run build:wasm -- --check      # CI: exit 1 if the committed kernels.wasm is stale
 *
 * Compiles the WAT with wabt (the JS port of wat2wasm, a devDependency) with the
 * SIMD feature enabled, validates it, and writes the binary next to the source.
 * The output is deterministic (no debug names), so `--check` compiles in memory
 * and compares bytes with the committed file. Edit kernels.wat, never the .wasm.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import wabtInit from "wabt";

export const WAT_PATH = fileURLToPath(new URL("./kernels.wat", import.meta.url));
export const WASM_PATH = fileURLToPath(new URL("./kernels.wasm", import.meta.url));

/** Compile kernels.wat (or the given source) to wasm bytes; throws with wabt's message on a syntax or validation error. */
export async function compileKernels(source: string = readFileSync(WAT_PATH, "utf8")): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat("kernels.wat", source, { simd: true });
  try {
    mod.resolveNames();
    mod.validate();
    return mod.toBinary({ log: false, write_debug_names: false }).buffer.slice();
  } finally {
    mod.destroy();
  }
}

/** True when two byte arrays are equal. */
export function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const bytes = await compileKernels();
  if (check) {
    let committed: Uint8Array;
    try {
      committed = readFileSync(WASM_PATH);
    } catch {
      console.error(`build:wasm --check: ${WASM_PATH} is missing; run \`npm run build:wasm\``);
      return 1;
    }
    if (!sameBytes(bytes, committed)) {
      console.error(
        `build:wasm --check: kernels.wasm (${committed.length} bytes) differs from kernels.wat compiled ` +
          `(${bytes.length} bytes); run \`npm run build:wasm\` and commit the result`,
      );
      return 1;
    }
    console.log(`build:wasm --check: kernels.wasm is up to date (${bytes.length} bytes)`);
    return 0;
  }
  writeFileSync(WASM_PATH, bytes);
  console.log(`build:wasm: wrote ${WASM_PATH} (${bytes.length} bytes)`);
  return 0;
}

// Run only as a script, not when a test imports compileKernels.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
