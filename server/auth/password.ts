import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";

const scryptUnlimited = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

// scrypt with OWASP's recommended cost (N=2^17, r=8, p=1). Stored as scrypt$N$r$p$salt$hash.
const N = 2 ** 17;
const r = 8;
const p = 1;
const keyLength = 64;
const maxmem = 256 * 1024 * 1024;

/**
 * At most this many hashes run at once in a process; the rest wait their turn. Each takes a core
 * and 128 MB for a few hundred milliseconds, so fifty parallel sign-ins must never take them all:
 * the rest of the server keeps answering.
 */
const hashConcurrency = Math.max(1, Math.floor(availableParallelism() / 2));
let running = 0;
const waiting: (() => void)[] = [];

async function scrypt(...args: Parameters<typeof scryptUnlimited>): Promise<Buffer> {
  // a finished hash hands its slot straight to the next in line
  if (running < hashConcurrency) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await scryptUnlimited(...args);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, keyLength, { N, r, p, maxmem });
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, saltText, hashText] = stored.split("$");
  if (scheme !== "scrypt" || !n || !rr || !pp || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, "base64");
  const actual = await scrypt(password, Buffer.from(saltText, "base64"), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
    maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash with the real parameters of a password nobody knows: checking an unknown account against
 * it costs what checking a real one costs, so timing does not tell which accounts exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  return dummyHash;
}
