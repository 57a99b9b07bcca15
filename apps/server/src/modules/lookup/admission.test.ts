import { describe, expect, it } from 'vitest';
import { Admission } from './admission.js';

const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('Admission', () => {
  it('lets `limit` requests through at once and the next ones in arrival order as places free up', async () => {
    const gate = new Admission(2);
    const [a, b, c, d] = [gate.enter(), gate.enter(), gate.enter(), gate.enter()];
    expect(await settled(a.admitted)).toBe(true);
    expect(await settled(b.admitted)).toBe(true);
    expect(await settled(c.admitted)).toBe(false);
    expect(gate.stats).toEqual({ active: 2, waiting: 2 });

    b.release();
    expect(await settled(c.admitted)).toBe(true);
    expect(await settled(d.admitted)).toBe(false);
    a.release();
    expect(await settled(d.admitted)).toBe(true);
    expect(gate.stats).toEqual({ active: 2, waiting: 0 });
  });

  it('frees a place once however often it is released, and a request given up while waiting takes none', async () => {
    const gate = new Admission(1);
    const a = gate.enter();
    const gone = gate.enter();
    const c = gate.enter();
    gone.release(); // the client went away while waiting
    expect(await settled(gone.admitted)).toBe(true); // whoever awaited it goes on (and finds the request closed)
    expect(gate.stats).toEqual({ active: 1, waiting: 1 });
    a.release();
    a.release();
    expect(await settled(c.admitted)).toBe(true);
    expect(gate.stats).toEqual({ active: 1, waiting: 0 });
    c.release();
    gone.release();
    expect(gate.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Admission(0)).toThrow(/positive integer/);
    expect(() => new Admission(1.5)).toThrow(/positive integer/);
  });
});
