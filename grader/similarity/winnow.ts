/**
 * Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document
 * fingerprinting", SIGMOD 2003), the algorithm behind MOSS and Dolos: hash every k-gram of
 * tokens, then in each window of w consecutive hashes keep the smallest (the rightmost on a
 * tie). Any shared run of at least w + k − 1 tokens is guaranteed to share a fingerprint;
 * runs shorter than k are never seen. Pure.
 */
import type { Token } from "./tokens.ts";

export interface Fingerprint {
  hash: number;
  /** index of the k-gram's first token */
  start: number;
}

/** 32-bit FNV-1a of the k tokens starting at `start`, separated so ["ab","c"] ≠ ["a","bc"]. */
function kgramHash(tokens: readonly Token[], start: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + k; i++) {
    const t = tokens[i].text;
    for (let j = 0; j < t.length; j++) {
      h ^= t.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hash of every k-gram, in order (what a text contains, for excluding known code). */
export function kgramHashes(tokens: readonly Token[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + k <= tokens.length; i++) out.push(kgramHash(tokens, i, k));
  return out;
}

/** The winnowed fingerprints of a token stream (fewer than k tokens: none). */
export function winnow(tokens: readonly Token[], k: number, w: number): Fingerprint[] {
  const hashes = kgramHashes(tokens, k);
  if (hashes.length === 0) return [];
  const out: Fingerprint[] = [];
  let last = -1;
  const windows = Math.max(1, hashes.length - w + 1);
  for (let s = 0; s < windows; s++) {
    let min = s;
    for (let i = s; i < Math.min(s + w, hashes.length); i++) if (hashes[i] <= hashes[min]) min = i;
    if (min !== last) {
      out.push({ hash: hashes[min], start: min });
      last = min;
    }
  }
  return out;
}
