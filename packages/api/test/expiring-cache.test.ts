import { describe, expect, it } from 'vitest';
import { ExpiringCache } from '../src/composition/expiring-cache';

describe('ExpiringCache', () => {
  it('keeps null and false as values until their deadline, then loads again', async () => {
    const cache = new ExpiringCache<string, boolean | null>(10);
    let loads = 0;
    const load = (value: boolean | null) => () => {
      loads += 1;
      return Promise.resolve(value);
    };
    expect(await cache.remember('a', 0, 100, load(false))).toBe(false);
    expect(await cache.remember('a', 99, 100, load(true))).toBe(false);
    expect(await cache.remember('b', 0, 100, load(null))).toBeNull();
    expect(await cache.remember('b', 50, 100, load(true))).toBeNull();
    expect(loads).toBe(2);
    expect(await cache.remember('a', 100, 100, load(true))).toBe(true);
    expect(loads).toBe(3);
  });

  it('starts over at its bound', () => {
    const cache = new ExpiringCache<number, string>(2);
    cache.set(1, 'one', 100);
    cache.set(2, 'two', 100);
    cache.set(3, 'three', 100);
    expect([cache.get(1, 0), cache.get(2, 0), cache.get(3, 0)]).toEqual([
      undefined,
      undefined,
      'three',
    ]);
  });
});
