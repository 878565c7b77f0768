// Recently seen event ids, bounded (least recently used out first). Okta delivers at least once;
// this catches redeliveries that reach the same isolate. It is per isolate and lost on eviction:
// a redelivery routed to another isolate or after a restart is not caught (no KV binding).

export class RecentIds {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly ids = new Map<string, true>();
  /**
   * One iterator for the life of the map, at the oldest entry: a Map iterator skips deleted
   * entries and reaches entries added after it, so it always points at the least recently used
   * id. A fresh `keys()` per eviction would step over every slot deleted since V8 last compacted
   * the table, thousands of them at this capacity.
   */
  private readonly oldest = this.ids.keys();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError("capacity must be >= 1");
  }

  /** True the first time an id is claimed (the caller then owns it); false for a duplicate. */
  claim(id: string): boolean {
    if (this.ids.has(id)) {
      this.ids.delete(id);
      this.ids.set(id, true);
      return false;
    }
    this.ids.set(id, true);
    if (this.ids.size > this.capacity) this.ids.delete(this.oldest.next().value!);
    return true;
  }

  /** Forgets an id whose processing failed, so a redelivery can try again. */
  release(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
