// The request journal: recent requests (a ring buffer) and counts by "METHOD route", so a test
// can assert how many calls a step made.

/** One journaled request. */
export interface JournalEntry {
  seq: number;
  time: string;
  method: string;
  route: string;
  path: string;
  status: number;
  ms: number;
  trackingId: string;
  partnerId?: string;
  fault?: string;
  /** The answer was lost on purpose after the write was applied (strict-reality mode). */
  lost?: "reset" | "504";
}

/** Journal of the Webex-path requests (control-plane calls are not recorded). */
export class Journal {
  private entries: JournalEntry[] = [];
  private counts = new Map<string, number>();
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Record one request. */
  record(e: Omit<JournalEntry, "seq">): void {
    const entry = { seq: ++this.seq, ...e };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    const key = `${e.method} ${e.route}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Entries after `since` (a sequence number or an ISO time) and the counts over them. */
  read(since?: string): { entries: JournalEntry[]; counts: Record<string, number> } {
    if (since === undefined) return { entries: [...this.entries], counts: Object.fromEntries(this.counts) };
    const t = Date.parse(since);
    const entries = /^\d+$/.test(since) ? this.after(Number(since)) : this.entries.filter((e) => Date.parse(e.time) >= t);
    const counts: Record<string, number> = {};
    for (const e of entries) counts[`${e.method} ${e.route}`] = (counts[`${e.method} ${e.route}`] ?? 0) + 1;
    return { entries, counts };
  }

  /** Entries with a sequence number above `seq`, oldest first (scans only the new ones). */
  after(seq: number): JournalEntry[] {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.seq > seq) i--;
    return this.entries.slice(i);
  }

  /** Sequence number of the latest request (0 before the first); a cursor for `after`. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Number of requests recorded since the last clear. */
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  /** Forget everything (sequence numbers keep growing so `since` stays meaningful). */
  clear(): void {
    this.entries = [];
    this.counts.clear();
  }
}
