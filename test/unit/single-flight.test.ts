/** The single-flight cache under the token and session caches: one computation per key at a time. */
import { SingleFlight } from '../../src/auth/single-flight.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  test('callers during a flight share it; its value is stored when it succeeds', async () => {
    const cache = new SingleFlight<string>();
    const d = deferred<string>();
    let computed = 0;
    const first = cache.start('k', () => {
      computed++;
      return d.promise;
    });
    expect(cache.pending('k')).toBe(first);
    expect(cache.value('k')).toBeUndefined();
    d.resolve('v1');
    await expect(first).resolves.toBe('v1');
    expect(computed).toBe(1);
    expect(cache.value('k')).toBe('v1');
    expect(cache.pending('k')).toBeUndefined();
  });

  test('a failed flight stores nothing and leaves the key free for the next caller', async () => {
    const cache = new SingleFlight<string>();
    const failed = cache.start('k', () => Promise.reject(new Error('refused')));
    await expect(failed).rejects.toThrow('refused');
    expect(cache.value('k')).toBeUndefined();
    expect(cache.pending('k')).toBeUndefined();
    await expect(cache.start('k', () => Promise.resolve('v2'))).resolves.toBe('v2');
    expect(cache.value('k')).toBe('v2');
  });

  test('a flight replaced by a newer one does not overwrite the newer value', async () => {
    const cache = new SingleFlight<string>();
    const old = deferred<string>();
    const oldFlight = cache.start('k', () => old.promise);
    const newer = cache.start('k', () => Promise.resolve('new'));
    await newer;
    old.resolve('old');
    await oldFlight;
    expect(cache.value('k')).toBe('new');
    expect(cache.pending('k')).toBeUndefined();
  });

  test('keys are independent', async () => {
    const cache = new SingleFlight<number>();
    await Promise.all([cache.start('a', async () => 1), cache.start('b', async () => 2)]);
    expect([cache.value('a'), cache.value('b')]).toEqual([1, 2]);
  });
});
