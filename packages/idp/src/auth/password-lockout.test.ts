import { describe, expect, it } from 'vitest';
import { PASSWORD_ATTEMPTS_EXCEEDED, PasswordLockout, lockoutMs } from './password-lockout.js';

function lockout() {
  const clock = { now: 1_000_000 };
  return { clock, lockout: new PasswordLockout(() => clock.now) };
}
const wrong = async () => false;
const right = async () => true;

describe('PasswordLockout', () => {
  it('locks for 2^(n-5) seconds from the fifth failure, up to 15 minutes', () => {
    expect([1, 4, 5, 6, 7, 14, 15, 30].map(lockoutMs)).toEqual([0, 0, 1000, 2000, 4000, 512_000, 900_000, 900_000]);
  });

  it('refuses even the right password during a lockout, and lets it in after', async () => {
    const { clock, lockout: l } = lockout();
    for (let i = 0; i < 5; i++) expect(await l.attempt('ann', true, wrong)).toBe(false);
    await expect(l.attempt('ann', true, right)).rejects.toMatchObject({
      type: 'NotAuthorizedException',
      message: PASSWORD_ATTEMPTS_EXCEEDED,
    });
    clock.now += 999;
    await expect(l.attempt('ann', true, right)).rejects.toThrow(PASSWORD_ATTEMPTS_EXCEEDED);
    clock.now += 1;
    expect(await l.attempt('ann', true, right)).toBe(true);
  });

  it('doubles with each failure after a lockout, and refused attempts do not count', async () => {
    const { clock, lockout: l } = lockout();
    for (let i = 0; i < 5; i++) await l.attempt('ann', true, wrong);
    for (let i = 0; i < 10; i++)
      await expect(l.attempt('ann', true, wrong)).rejects.toThrow(PASSWORD_ATTEMPTS_EXCEEDED);
    clock.now += 1000;
    expect(await l.attempt('ann', true, wrong)).toBe(false); // sixth failure: 2 s
    clock.now += 1999;
    await expect(l.attempt('ann', true, right)).rejects.toThrow(PASSWORD_ATTEMPTS_EXCEEDED);
    clock.now += 1;
    expect(await l.attempt('ann', true, right)).toBe(true);
    // Success resets: five more failures before the next lockout.
    for (let i = 0; i < 4; i++) await l.attempt('ann', true, wrong);
    expect(await l.attempt('ann', true, right)).toBe(true);
  });

  it('forgets after 15 minutes without attempts', async () => {
    const { clock, lockout: l } = lockout();
    for (let i = 0; i < 9; i++) {
      await l.attempt('ann', true, wrong).catch(() => undefined);
      clock.now += 20_000;
    }
    clock.now += 15 * 60_000;
    for (let i = 0; i < 4; i++) expect(await l.attempt('ann', true, wrong)).toBe(false);
  });

  it('counts concurrent guesses before they run, so a burst gets five, not a hundred', async () => {
    const { lockout: l } = lockout();
    let checked = 0;
    const slowWrong = async () => {
      checked++;
      await new Promise((done) => setTimeout(done, 5));
      return false;
    };
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => l.attempt('ann', true, slowWrong)));
    expect(checked).toBe(5);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(95);
  });

  it('lets parallel sign-ins with the right password all through', async () => {
    const { lockout: l } = lockout();
    const slowRight = async () => {
      await new Promise((done) => setTimeout(done, 5));
      return true;
    };
    const results = await Promise.all(Array.from({ length: 40 }, () => l.attempt('ann', true, slowRight)));
    expect(results.every(Boolean)).toBe(true);
  });

  it('after a lockout, lets one check run at a time: its failure locks out the rest', async () => {
    const { clock, lockout: l } = lockout();
    for (let i = 0; i < 5; i++) await l.attempt('ann', true, wrong);
    clock.now += 1000;
    let checked = 0;
    const slowWrong = async () => {
      checked++;
      await new Promise((done) => setTimeout(done, 5));
      return false;
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => l.attempt('ann', true, slowWrong)));
    expect(checked).toBe(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(9);
  });

  it('locks unknown names the same way, apart from known users', async () => {
    const { lockout: l } = lockout();
    for (let i = 0; i < 5; i++) await l.attempt('ghost', false, wrong);
    await expect(l.attempt('ghost', false, wrong)).rejects.toThrow(PASSWORD_ATTEMPTS_EXCEEDED);
    expect(await l.attempt('ghost', true, right)).toBe(true);
  });
});
