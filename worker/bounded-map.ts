// A Map that keeps at most `capacity` entries: setting one makes it the newest, and past the
// capacity the oldest goes. The isolate's caches (event ids, normalised numbers) live as long as
// the isolate, so they must stay bounded, and evicting must cost the same whatever the churn.

export class BoundedMap<K, V> {
  /** Map iteration order is insertion order: the first key is the oldest. */
  private readonly entries = new Map<K, V>();
  /**
   * One iterator for the life of the map, at the oldest entry: a Map iterator skips deleted
   * entries and reaches entries added after it, so it always points at the oldest one. A fresh
   * `keys()` per eviction would step over every slot deleted since V8 last compacted the table,
   * thousands of them at these capacities. It is
   * only advanced while the map holds more than `capacity` >= 1 entries, so it never runs out.
   */
  private readonly oldest = this.entries.keys();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError("capacity must be >= 1");
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /**
   * Stores `value` as the newest entry (moving `key` if present), evicting the oldest past
   * capacity. Returns whether `key` was present, so a caller needs no `has` first.
   */
  set(key: K, value: V): boolean {
    const present = this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.oldest.next().value!);
    return present;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
