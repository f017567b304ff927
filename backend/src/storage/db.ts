// Opens the embedded SQLite database and brings its schema up to date.
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";

/** The better-sqlite3 handle every repository shares. */
export type Db = Database.Database;

/** Open (creating if needed) the database at `path`, or an in-memory one for ":memory:". */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  if (path !== ":memory:") {
    db.pragma("journal_mode = WAL");
    // NORMAL is enough for "an acknowledged write survives kill -9": in WAL mode a committed
    // transaction is already in the WAL file (in the OS page cache) when commit returns, so only an
    // OS crash or power loss could lose it; FULL would add an fsync per write for no gain here.
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 2000");
  }
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

/** Apply the migrations the database has not seen yet, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Next value of a persistent counter (gives rows a stable creation order). */
export function nextSeq(db: Db, name: string): number {
  const row = db.prepare(
    "INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
  ).get(name) as { value: number };
  return row.value;
}

/** True when `e` is a SQLite UNIQUE-constraint failure. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}
