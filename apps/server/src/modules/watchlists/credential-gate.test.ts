import { describe, expect, it, vi } from 'vitest';
import { credentialGate } from './credential-gate.js';

/** A check the test answers by hand, in the order the gate asked. */
function manualCheck() {
  const pending: ((valid: boolean | Error) => void)[] = [];
  const check = vi.fn(
    () =>
      new Promise<boolean>((resolve, reject) => {
        pending.push((valid) => (valid instanceof Error ? reject(valid) : resolve(valid)));
      }),
  );
  const answer = async (valid: boolean | Error) => {
    pending.shift()!(valid);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { check, answer };
}

describe('credentialGate', () => {
  it('lets a write through only after a check that began after it was queued', async () => {
    const { check, answer } = manualCheck();
    const written: string[] = [];
    const gate = credentialGate(check, () => undefined);
    gate.after((ok) => ok && written.push('a'));
    // Queued while the first check runs: that check may predate a suspension, so it waits for the next.
    gate.after((ok) => ok && written.push('b'));
    await answer(true);
    expect(written).toEqual(['a']);
    expect(check).toHaveBeenCalledTimes(2);
    await answer(true);
    expect(written).toEqual(['a', 'b']);
  });

  it('checks a burst once, not once per write, and keeps its order', async () => {
    const { check, answer } = manualCheck();
    const written: number[] = [];
    const gate = credentialGate(check, () => undefined);
    gate.after((ok) => ok && written.push(0));
    for (let i = 1; i < 10; i += 1) gate.after((ok) => ok && written.push(i));
    await answer(true);
    await answer(true);
    expect(written).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('ends once on a failed check: nothing queued or later passes', async () => {
    const { check, answer } = manualCheck();
    const revoked = vi.fn();
    const answers: boolean[] = [];
    const gate = credentialGate(check, revoked);
    gate.after((ok) => answers.push(ok));
    gate.after((ok) => answers.push(ok));
    await answer(false);
    gate.after((ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false]);
    expect(revoked).toHaveBeenCalledTimes(1);
    expect(await gate.passed()).toBe(false);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('fails closed when the check throws, passing the error on', async () => {
    const { check, answer } = manualCheck();
    const revoked = vi.fn();
    const gate = credentialGate(check, revoked);
    const passed = gate.passed();
    const error = new Error('database unreachable');
    await answer(error);
    expect(await passed).toBe(false);
    expect(revoked).toHaveBeenCalledWith(error);
  });

  it('refuses what waits when the stream closes, without calling revoked', async () => {
    const { check, answer } = manualCheck();
    const revoked = vi.fn();
    const gate = credentialGate(check, revoked);
    const passed = gate.passed();
    gate.close();
    await answer(true);
    expect(await passed).toBe(false);
    expect(revoked).not.toHaveBeenCalled();
  });
});
