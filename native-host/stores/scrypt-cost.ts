/**
 * Bounds on the scrypt parameters a file may ask for. A vault header, a
 * Twofold backup or an Aegis export names its own parameters, and scrypt
 * takes 128·N·r bytes of memory and p times that in work: N=2^20, r=32
 * would take 4 GiB. These bounds are checked before any key is derived.
 * Twofold's and Aegis' own choice (N=2^15, r=8, p=1) is 32 MiB.
 */
export const SCRYPT_LIMITS = {
  /** Memory of one derivation, 128·N·r bytes. */
  memoryBytes: 256 * 1024 * 1024,
  /** Parallel passes; each repeats the whole memory-hard work. */
  p: 16,
  /** All derivations one file may ask for together, p·128·N·r bytes (32 times Twofold's own). */
  workBytes: 1024 * 1024 * 1024,
  /** Password slots of one Aegis vault; each may need its own derivation. */
  slots: 32,
} as const;

/** The parameters of one derivation. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Bytes of memory-hard work one derivation takes: p·128·N·r. */
export function scryptWork(cost: ScryptCost): number {
  return cost.p * 128 * cost.N * cost.r;
}

/**
 * Why Twofold will not derive a key with `cost`, as a predicate for the
 * caller's subject ("it " + "asks scrypt for 4,096 MiB…"), or `null` when
 * it is within bounds.
 */
export function scryptCostProblem(cost: ScryptCost): string | null {
  const { N, r, p } = cost;
  if (!Number.isSafeInteger(N) || N < 2 || !Number.isInteger(Math.log2(N))) {
    return `has scrypt cost N=${N}, which is not a power of two`;
  }
  if (!Number.isSafeInteger(r) || r < 1) return `has scrypt block size r=${r}, which is not a positive whole number`;
  if (!Number.isSafeInteger(p) || p < 1) return `has scrypt parallelism p=${p}, which is not a positive whole number`;
  const memory = 128 * N * r;
  if (memory > SCRYPT_LIMITS.memoryBytes) {
    return `asks scrypt for ${mebibytes(memory)} of memory (N=${N}, r=${r}); Twofold allows at most ${mebibytes(SCRYPT_LIMITS.memoryBytes)}`;
  }
  if (p > SCRYPT_LIMITS.p) return `asks scrypt for p=${p} passes; Twofold allows at most ${SCRYPT_LIMITS.p}`;
  if (scryptWork(cost) > SCRYPT_LIMITS.workBytes) {
    return `asks scrypt for ${mebibytes(scryptWork(cost))} of work (N=${N}, r=${r}, p=${p}); Twofold allows at most ${mebibytes(SCRYPT_LIMITS.workBytes)}`;
  }
  return null;
}

/**
 * Node's `maxmem` for a derivation within the bounds: their memory plus
 * scrypt's small per-pass buffers, so Node itself refuses anything larger
 * should a caller ever skip {@link scryptCostProblem}.
 */
export const SCRYPT_MAXMEM = SCRYPT_LIMITS.memoryBytes + 16 * 1024 * 1024;

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString("en-US")} MiB`;
}
