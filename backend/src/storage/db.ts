// Opens the embedded SQLite database and brings its schema up to date.
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";

/** The better-sqlite3 handle every repository shares. */
export type Db = Database.Database;

/** Open (creating if needed) the database at `path`, or an in-memory one for ":memory:". */
export function openDatabase(path: string): Db {
  const db = cachingStatements(new Database(path));
  if (path !== ":memory:") {
    // One emulator per database file (its caches assume it is the only writer). Exclusive locking,
    // set before the first WAL access, also keeps the WAL index in process memory: a read then
    // costs ~2 µs instead of ~10 µs of shared-memory locking system calls.
    db.pragma("locking_mode = EXCLUSIVE");
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

/**
 * Make `db.prepare` return one compiled statement per SQL text. better-sqlite3 compiles on every
 * call, which cost more than the query itself on the hot paths (token lookup, GET by id); the
 * repositories only use statements synchronously (get/all/run), so sharing one is safe.
 */
function cachingStatements(db: Db): Db {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = compile(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Db["prepare"];
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
