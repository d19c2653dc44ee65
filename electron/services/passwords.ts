/**
 * Password hashing with scrypt from node:crypto. The stored form records its own parameters
 * (`scrypt$N$r$p$salt$key`), so hashes made with older, cheaper parameters still verify and can
 * be replaced by a current one at the next successful sign-in.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's current recommendation for scrypt (N=2^17, r=8, p=1: 128 MiB per hash). */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

const KEY_LENGTH = 32;
// A stored hash is data: one asking for absurd memory or time is refused, not attempted.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/**
 * The memory scrypt needs for these parameters, with headroom. Node refuses to run above its
 * `maxmem` (32 MiB by default), and N=2^17, r=8 needs a little over 128 MiB (128·r·(N+2) for the
 * work area plus 128·r·p for the blocks), so the limit is computed rather than fixed.
 */
export function scryptMaxmem({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + 2) + 128 * r * p + 1024 * 1024;
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...params, maxmem: scryptMaxmem(params) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    Number.isInteger(params.N) && params.N > 1 && params.N <= MAX_N && (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) && params.r >= 1 && params.r <= MAX_R &&
    Number.isInteger(params.p) && params.p >= 1 && params.p <= MAX_P;
  if (!sane) return null;
  const key = Buffer.from(keyB64, 'base64');
  if (key.length < 16) return null;
  return { params, salt: Buffer.from(saltB64, 'base64'), key };
}

export class PasswordHasher {
  private dummy: Promise<string> | null = null;

  constructor(readonly params: ScryptParams = PASSWORD_PARAMS) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.params, KEY_LENGTH);
    const { N, r, p } = this.params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  /** Whether a stored hash was made with other parameters than the current ones. */
  needsRehash(stored: string): boolean {
    const parsed = parseHash(stored);
    if (!parsed) return true;
    const { N, r, p } = parsed.params;
    return N !== this.params.N || r !== this.params.r || p !== this.params.p || parsed.key.length !== KEY_LENGTH;
  }

  /**
   * A hash, at the current parameters, of a random password nobody knows: verified against when
   * the username is unknown, so the time taken does not tell which usernames exist.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(18).toString('base64'));
    return this.dummy;
  }
}
