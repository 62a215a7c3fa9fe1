// Types of bin/cli-cache.js (plain JavaScript: it runs before tsx is loaded).
export const ROOT: string;
export const BUNDLED_COMMANDS: ReadonlySet<string>;
export function cacheFolder(root?: string, env?: NodeJS.ProcessEnv, create?: boolean): string | undefined;
export function sha1(data: string | Uint8Array): string;
export function cliCachePaths(dir: string, root?: string): { manifest: string; lock: string };
export function freshCliBundle(dir: string, root?: string): string | undefined;
export const LOCK_STALE_MS: number;
export function rebuildInBackground(dir: string, root?: string): void;
