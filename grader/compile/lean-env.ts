/**
 * The lean type environment of a submission (grader/compile/compile.ts): what the
 * exercises and the lib/ they import use from Node, declared here instead of loading all
 * of @types/node and the DOM lib (which is most of the cost of a cold type check).
 *
 * Every declaration is at least as strict as Node's own, so code that type-checks here
 * type-checks with the full environment too. Code that does not (it uses something not
 * declared here) is checked again with the full environment, and only that verdict counts.
 */
/** The text of the lean environment, given to the compiler as a virtual .d.ts (a string, so the released checker's bundle carries it). */
export const LEAN_ENV = `declare var console: {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
  trace(...data: any[]): void;
};

declare var process: { readonly env: { readonly [key: string]: string | undefined } };

declare var crypto: { getRandomValues<T extends Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array>(array: T): T };

declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
}

interface ImportMeta {
  readonly url: string;
}

declare namespace WebAssembly {
  class Memory {
    private constructor();
    readonly buffer: ArrayBuffer;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, importObject?: {});
    readonly exports: Record<string, unknown>;
  }
}

declare module "node:fs" {
  export function readFileSync(path: URL | string): Uint8Array;
}

declare module "node:util" {
  export const inspect: { readonly custom: unique symbol };
}
`;
