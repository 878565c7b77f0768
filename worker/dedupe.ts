// Recently seen event ids, bounded (least recently used out first). Okta delivers at least once;
// this catches redeliveries that reach the same isolate. It is per isolate and lost on eviction:
// a redelivery routed to another isolate or after a restart is not caught (no KV binding).

import { BoundedMap } from "./bounded-map";

export class RecentIds {
  private readonly ids: BoundedMap<string, true>;

  constructor(capacity: number) {
    this.ids = new BoundedMap(capacity);
  }

  /** True the first time an id is claimed (the caller then owns it); false for a duplicate. */
  claim(id: string): boolean {
    // A duplicate counts as a use: it becomes the most recent either way.
    return !this.ids.set(id, true);
  }

  /** Forgets an id whose processing failed, so a redelivery can try again. */
  release(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
