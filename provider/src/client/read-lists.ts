// List-based refresh. `pulumi refresh` calls `read` once per resource; answered by a GET per id,
// that is one request per resource. Answered from one list per customer (its users, its
// locations) and one list of customers and of templates, it is O(customers). The lists are only
// for `read`: creates and updates look things up fresh. A list is shared by every read of the
// process (concurrent reads wait for the one request in flight) until any write is started or
// finished anywhere in the process, or the list is older than a refresh needs, so no later step
// (e.g. the `up` of `pulumi up --refresh`, which runs in the same provider process) sees data
// older than its own writes.

/** How long a list serves reads after its request started: a refresh of thousands of resources takes seconds. */
export const READ_LIST_MAX_AGE_MS = 60_000;

let writes = 0;

/** Record that a write was started or finished: every list fetched before is stale from now on. */
export function noteWrite(): void {
  writes++;
}

interface Entry {
  /** The write count when the request started. */
  writes: number;
  /** When the request started (ms). */
  at: number;
  items: Promise<ReadonlyMap<string, unknown>>;
}

/** Lists fetched once for the reads of one client, keyed by what they list (e.g. "subscribers?customerId=…"). */
export class ReadLists {
  private readonly lists = new Map<string, Entry>();

  constructor(private readonly maxAgeMs = READ_LIST_MAX_AGE_MS, private readonly now: () => number = Date.now) {}

  /** The listed items by id: the shared list when it is still fresh, otherwise one new request. */
  byId<T extends { id: string }>(key: string, load: () => Promise<T[]>): Promise<ReadonlyMap<string, T>> {
    const now = this.now();
    const fresh = this.lists.get(key);
    if (fresh && fresh.writes === writes && now - fresh.at <= this.maxAgeMs) {
      return fresh.items as Promise<ReadonlyMap<string, T>>;
    }
    const entry: Entry = { writes, at: now, items: load().then((items) => new Map(items.map((i) => [i.id, i]))) };
    // A failed list is not kept: the next read asks again.
    entry.items.catch(() => {
      if (this.lists.get(key) === entry) this.lists.delete(key);
    });
    this.lists.set(key, entry);
    return entry.items as Promise<ReadonlyMap<string, T>>;
  }
}
