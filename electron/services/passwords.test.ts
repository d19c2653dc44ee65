/**
 * Password hashes at the production cost (N=2^17 needs a raised scrypt maxmem, or Node refuses),
 * old hashes still verify and are flagged for rehashing, and a tampered stored hash is refused
 * rather than run.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD_PARAMS, PasswordHasher, scryptMaxmem } from './passwords';

const current = new PasswordHasher();
const legacy = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 });

describe('password hashing', () => {
  it('uses scrypt N=2^17, r=8, p=1 and verifies only the right password', async () => {
    expect(PASSWORD_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    expect(scryptMaxmem(PASSWORD_PARAMS)).toBeGreaterThan(128 * 1024 * 1024);
    const hash = await current.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(await current.verify('correct horse battery', hash)).toBe(true);
    expect(await current.verify('correct horse batterY', hash)).toBe(false);
    expect(current.needsRehash(hash)).toBe(false);
    // Two hashes of one password differ (random salt).
    expect(await current.hash('correct horse battery')).not.toBe(hash);
  });

  it('verifies a hash made with the old N=2^14 and says it needs rehashing', async () => {
    const old = await legacy.hash('reception password');
    expect(old.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await current.verify('reception password', old)).toBe(true);
    expect(current.needsRehash(old)).toBe(true);
  });

  it('refuses malformed or absurd stored hashes without running them', async () => {
    const good = await legacy.hash('pw-pw-pw-pw');
    const [, , r, p, salt, key] = good.split('$');
    for (const stored of ['', 'bcrypt$x', `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`, `scrypt$1000$${r}$${p}$${salt}$${key}`, `scrypt$16384$8$1$${salt}$`]) {
      expect(await current.verify('pw-pw-pw-pw', stored)).toBe(false);
      expect(current.needsRehash(stored)).toBe(true);
    }
  });

  it('keeps one dummy hash at the current cost for unknown usernames', async () => {
    const dummy = await current.dummyHash();
    expect(dummy.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await current.dummyHash()).toBe(dummy);
  });
});
