/**
 * One value per key, computed one flight at a time: callers that ask while a
 * computation is in flight share it instead of starting their own. The token and
 * session caches both sit on this; each decides when its value is still good.
 */
export class SingleFlight<V> {
  private readonly values = new Map<string, V>();
  private readonly flights = new Map<string, Promise<V>>();

  /** The last value a flight produced for `key` (fresh or not: the caller judges). */
  value(key: string): V | undefined {
    return this.values.get(key);
  }

  /** The computation in flight for `key`, if any. */
  pending(key: string): Promise<V> | undefined {
    return this.flights.get(key);
  }

  set(key: string, value: V): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  /**
   * Starts `compute` as the flight for `key`, replacing any in flight (whose result
   * is then no longer stored). Its value is stored when it succeeds; a failure
   * stores nothing, so the next caller tries again.
   */
  start(key: string, compute: () => Promise<V>): Promise<V> {
    const flight = compute().then((value) => {
      if (this.flights.get(key) === flight) this.values.set(key, value);
      return value;
    });
    this.flights.set(key, flight);
    void flight
      .finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      })
      .catch(() => undefined);
    return flight;
  }
}
