/**
 * Shares one pending result among identical requests made while it is in flight; the entry is
 * dropped as soon as it settles, so nothing is cached beyond the life of one request. Each caller
 * but the first gets its own copy: the gateway merges later fetches into the objects of a
 * response, and two requests' result trees must never share objects.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** How many distinct requests are in flight now (for tests and metrics). */
  get size(): number {
    return this.pending.size;
  }

  share(key: string, start: () => Promise<T>, copy: (value: T) => T): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing.then(copy);
    const started = start().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}
