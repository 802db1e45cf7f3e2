/**
 * Values kept in this process until a deadline each. Bounded: at `maxEntries` it starts over, so a flood of keys
 * costs only re-reads, never memory. `undefined` means "not known"; `null` and `false` are values like any other.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  get(key: K, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: K, value: V, until: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The kept value, or `load`'s answer, kept for `ttlMs`. */
  async remember(key: K, now: number, ttlMs: number, load: () => Promise<V>): Promise<V> {
    const known = this.get(key, now);
    if (known !== undefined) return known;
    const value = await load();
    this.set(key, value, now + ttlMs);
    return value;
  }
}
