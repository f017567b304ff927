// Repositories: the only place with SQL. Each prepares its statements once and speaks in records.
import { nextSeq, type Db } from "./db";
import { emailKey, locationNameKey, type CustomerRecord, type LocationRecord, type OutcomeRecord, type SubscriberRecord, type TemplateRecord } from "./records";
import { normalizePhoneNumber } from "webex-wholesale-wire";

const parse = <T>(row: { doc: string } | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);
const parseAll = <T>(rows: unknown[]): T[] => (rows as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);

/** Partners and their bearer tokens. */
export class PartnerRepo {
  constructor(private readonly db: Db) {}
  /** All partners, oldest first. */
  list(): { id: string; name: string; created: string }[] {
    return this.db.prepare("SELECT id, name, created FROM partners ORDER BY created, id").all() as { id: string; name: string; created: string }[];
  }
  /** One partner. */
  get(id: string): { id: string; name: string } | undefined {
    return this.db.prepare("SELECT id, name FROM partners WHERE id = ?").get(id) as { id: string; name: string } | undefined;
  }
  /** Create a partner (no-op when the id exists). */
  insert(id: string, name: string): void {
    this.db.prepare("INSERT OR IGNORE INTO partners(id, name, created) VALUES (?, ?, ?)").run(id, name, new Date().toISOString());
  }
  /** Add (or replace) a token of a partner. */
  insertToken(token: string, partnerId: string, scopes: readonly string[]): void {
    this.db.prepare("INSERT OR REPLACE INTO tokens(token, partner_id, scopes, created) VALUES (?, ?, ?, ?)")
      .run(token, partnerId, JSON.stringify(scopes), new Date().toISOString());
  }
  /** Look a token up. */
  token(token: string): { partnerId: string; scopes: string[] } | undefined {
    const row = this.db.prepare("SELECT partner_id, scopes FROM tokens WHERE token = ?").get(token) as { partner_id: string; scopes: string } | undefined;
    return row ? { partnerId: row.partner_id, scopes: JSON.parse(row.scopes) as string[] } : undefined;
  }
  /** Tokens of a partner, oldest first. */
  tokensOf(partnerId: string): { token: string; scopes: string[] }[] {
    const rows = this.db.prepare("SELECT token, scopes FROM tokens WHERE partner_id = ? ORDER BY created, rowid").all(partnerId) as { token: string; scopes: string }[];
    return rows.map((r) => ({ token: r.token, scopes: JSON.parse(r.scopes) as string[] }));
  }
  /** Remove a token; true when it existed. */
  deleteToken(token: string): boolean {
    return this.db.prepare("DELETE FROM tokens WHERE token = ?").run(token).changes > 0;
  }
}

/** Onboarding templates. */
export class TemplateRepo {
  constructor(private readonly db: Db) {}
  /** Templates of a partner in creation order. */
  list(partnerId: string): TemplateRecord[] {
    return parseAll(this.db.prepare("SELECT doc FROM templates WHERE partner_id = ? ORDER BY seq").all(partnerId));
  }
  /** A template by id. */
  get(id: string): TemplateRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM templates WHERE id = ?").get(id) as { doc: string } | undefined);
  }
  /** A template by provisioning id. */
  byProvisioningId(provisioningId: string): TemplateRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM templates WHERE provisioning_id = ?").get(provisioningId) as { doc: string } | undefined);
  }
  /** A partner's template by name. */
  byName(partnerId: string, name: string): TemplateRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM templates WHERE partner_id = ? AND name = ?").get(partnerId, name) as { doc: string } | undefined);
  }
  /** Insert or replace a template. */
  save(t: TemplateRecord): void {
    const existing = this.db.prepare("SELECT seq FROM templates WHERE id = ?").get(t.id) as { seq: number } | undefined;
    this.db.prepare("INSERT OR REPLACE INTO templates(id, partner_id, provisioning_id, name, seq, doc) VALUES (?, ?, ?, ?, ?, ?)")
      .run(t.id, t.partnerId, t.provisioningId, t.name, existing?.seq ?? nextSeq(this.db, "templates"), JSON.stringify(t));
  }
  /** Delete a template. */
  delete(id: string): void {
    this.db.prepare("DELETE FROM templates WHERE id = ?").run(id);
  }
  /** Number of templates. */
  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM templates").get() as { n: number }).n;
  }
}

/** Customers, with the columns the state machine and the uniqueness rules need. */
export class CustomerRepo {
  constructor(private readonly db: Db) {}
  /** A customer by id. */
  get(id: string): CustomerRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM customers WHERE id = ?").get(id) as { doc: string } | undefined);
  }
  /** A customer's externalId alone (no document to parse: list answers show it on every subscriber). */
  externalId(id: string): string | undefined {
    return (this.db.prepare("SELECT external_id FROM customers WHERE id = ?").get(id) as { external_id: string } | undefined)?.external_id;
  }
  /** A customer's transition bookkeeping. */
  timing(id: string): { dueAt: number | null; readsLeft: number | null } | undefined {
    const r = this.db.prepare("SELECT due_at, reads_left FROM customers WHERE id = ?").get(id) as { due_at: number | null; reads_left: number | null } | undefined;
    return r ? { dueAt: r.due_at, readsLeft: r.reads_left } : undefined;
  }
  /** Customers of a partner in creation order, optionally narrowed by externalId / orgId. */
  list(partnerId: string, f: { externalId?: string; orgId?: string }): CustomerRecord[] {
    return parseAll(this.db.prepare(
      "SELECT doc FROM customers WHERE partner_id = ? AND (@e IS NULL OR external_id = @e) AND (@o IS NULL OR org_id = @o) ORDER BY seq",
    ).all(partnerId, { e: f.externalId ?? null, o: f.orgId ?? null }));
  }
  /** A partner's customer by externalId. */
  byExternalId(partnerId: string, externalId: string): CustomerRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM customers WHERE partner_id = ? AND external_id = ? ORDER BY seq").get(partnerId, externalId) as { doc: string } | undefined);
  }
  /** The customer (any partner) whose admin email this is. */
  byPrimaryEmail(email: string): CustomerRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM customers WHERE primary_email = ? ORDER BY seq").get(emailKey(email)) as { doc: string } | undefined);
  }
  /** The customer (any partner) attached to this org. */
  byOrgId(orgId: string): CustomerRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM customers WHERE org_id = ?").get(orgId) as { doc: string } | undefined);
  }
  /** Number of customers provisioned from a template. */
  countByProvisioningId(provisioningId: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM customers WHERE provisioning_id = ?").get(provisioningId) as { n: number }).n;
  }
  /** Ids of customers whose deadline has passed. */
  dueIds(now: number): string[] {
    return (this.db.prepare("SELECT id FROM customers WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at").all(now) as { id: string }[]).map((r) => r.id);
  }
  /** Insert or replace a customer with its transition bookkeeping. */
  save(c: CustomerRecord, t: { dueAt: number | null; readsLeft: number | null }): void {
    const existing = this.db.prepare("SELECT seq FROM customers WHERE id = ?").get(c.id) as { seq: number } | undefined;
    this.db.prepare(`INSERT OR REPLACE INTO customers(id, partner_id, external_id, primary_email, org_id, provisioning_id, status, seq, due_at, reads_left, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      c.id, c.partnerId, c.externalId, c.customerInfo ? emailKey(c.customerInfo.primaryEmail) : null, c.orgId ?? null,
      c.provisioningId, c.status, existing?.seq ?? nextSeq(this.db, "customers"), t.dueAt, t.readsLeft, JSON.stringify(c),
    );
  }
  /** Set the reads-left counter. */
  setReadsLeft(id: string, n: number | null): void {
    this.db.prepare("UPDATE customers SET reads_left = ? WHERE id = ?").run(n, id);
  }
  /** Delete a customer. */
  delete(id: string): void {
    this.db.prepare("DELETE FROM customers WHERE id = ?").run(id);
  }
  /** Count by status. */
  countByStatus(): Record<string, number> {
    const rows = this.db.prepare("SELECT status, count(*) AS n FROM customers GROUP BY status").all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}

/** Subscribers. */
export class SubscriberRepo {
  constructor(private readonly db: Db) {}
  /** A subscriber by id. */
  get(id: string): SubscriberRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM subscribers WHERE id = ?").get(id) as { doc: string } | undefined);
  }
  /** The subscriber (any partner) with this email. */
  byEmail(email: string): SubscriberRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM subscribers WHERE email = ? ORDER BY seq").get(emailKey(email)) as { doc: string } | undefined);
  }
  /** The subscriber of a customer holding this number. */
  byPhone(customerId: string, phone: string): SubscriberRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM subscribers WHERE customer_id = ? AND phone = ?").get(customerId, normalizePhoneNumber(phone)) as { doc: string } | undefined);
  }
  /** The subscriber of a customer holding this extension. */
  byExtension(customerId: string, extension: string): SubscriberRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM subscribers WHERE customer_id = ? AND extension = ?").get(customerId, extension) as { doc: string } | undefined);
  }
  /**
   * Subscribers of a partner in creation order, narrowed through an index by email or customer
   * when given (so a lookup does not read every subscriber); other filters and sorting are the model's.
   */
  listByPartner(partnerId: string, narrow: { customerId?: string; email?: string } = {}): SubscriberRecord[] {
    if (narrow.email !== undefined) {
      return parseAll(this.db.prepare("SELECT doc FROM subscribers WHERE email = ? AND partner_id = ? ORDER BY seq").all(emailKey(narrow.email), partnerId));
    }
    if (narrow.customerId !== undefined) {
      return parseAll(this.db.prepare("SELECT doc FROM subscribers WHERE customer_id = ? AND partner_id = ? ORDER BY seq").all(narrow.customerId, partnerId));
    }
    return parseAll(this.db.prepare("SELECT doc FROM subscribers WHERE partner_id = ? ORDER BY seq").all(partnerId));
  }
  /** Insert or replace a subscriber. */
  save(s: SubscriberRecord): void {
    const existing = this.db.prepare("SELECT seq FROM subscribers WHERE id = ?").get(s.id) as { seq: number } | undefined;
    this.db.prepare("INSERT OR REPLACE INTO subscribers(id, partner_id, customer_id, email, phone, extension, seq, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
      s.id, s.partnerId, s.customerId, emailKey(s.email), s.primaryPhoneNumber ? normalizePhoneNumber(s.primaryPhoneNumber) : null,
      s.extension ?? null, existing?.seq ?? nextSeq(this.db, "subscribers"), JSON.stringify(s),
    );
  }
  /** Delete a subscriber. */
  delete(id: string): void {
    this.db.prepare("DELETE FROM subscribers WHERE id = ?").run(id);
  }
  /** Delete all subscribers of a customer. */
  deleteByCustomer(customerId: string): void {
    this.db.prepare("DELETE FROM subscribers WHERE customer_id = ?").run(customerId);
  }
  /** Count by status. */
  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM subscribers").get() as { n: number }).n;
  }
}

/** Locations of customer orgs, in creation order, the name unique within a customer. */
export class LocationRepo {
  constructor(private readonly db: Db) {}
  /** A location by id. */
  get(id: string): LocationRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM locations WHERE id = ?").get(id) as { doc: string } | undefined);
  }
  /** Locations of a customer, oldest first. */
  ofCustomer(customerId: string): LocationRecord[] {
    return parseAll(this.db.prepare("SELECT doc FROM locations WHERE customer_id = ? ORDER BY seq").all(customerId));
  }
  /** The customer's location with this name (case-insensitive). */
  byName(customerId: string, name: string): LocationRecord | undefined {
    return parse(this.db.prepare("SELECT doc FROM locations WHERE customer_id = ? AND name_key = ?").get(customerId, locationNameKey(name)) as { doc: string } | undefined);
  }
  /** Locations of a partner, oldest first, narrowed by org, id and a name substring (case-insensitive). */
  list(partnerId: string, f: { orgId?: string; id?: string; name?: string } = {}): LocationRecord[] {
    return parseAll(this.db.prepare(`SELECT doc FROM locations WHERE partner_id = @p AND (@o IS NULL OR org_id = @o)
      AND (@i IS NULL OR id = @i) AND (@n IS NULL OR instr(name_key, @n) > 0) ORDER BY seq`)
      .all({ p: partnerId, o: f.orgId ?? null, i: f.id ?? null, n: f.name === undefined ? null : locationNameKey(f.name) }));
  }
  /**
   * Insert or update a location (its creation order stays). An upsert on the id, not INSERT OR
   * REPLACE: a name taken by another location of the customer throws rather than deleting that one.
   */
  save(l: LocationRecord): void {
    const existing = this.db.prepare("SELECT seq FROM locations WHERE id = ?").get(l.id) as { seq: number } | undefined;
    this.db.prepare(`INSERT INTO locations(id, partner_id, customer_id, org_id, name_key, seq, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET org_id = excluded.org_id, name_key = excluded.name_key, doc = excluded.doc`)
      .run(l.id, l.partnerId, l.customerId, l.orgId, locationNameKey(l.name), existing?.seq ?? nextSeq(this.db, "locations"), JSON.stringify(l));
  }
  /** Delete the locations of a customer. */
  deleteByCustomer(customerId: string): void {
    this.db.prepare("DELETE FROM locations WHERE customer_id = ?").run(customerId);
  }
  /** Number of locations. */
  count(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM locations").get() as { n: number }).n;
  }
}

/** Test scenarios set through the control plane: free accounts and forced outcomes. */
export class ScenarioRepo {
  constructor(private readonly db: Db) {}
  /** Register a pre-existing free Webex account. */
  addFreeAccount(email: string): void {
    this.db.prepare("INSERT OR IGNORE INTO free_accounts(email) VALUES (?)").run(emailKey(email));
  }
  /** True when the email is a free account. */
  isFreeAccount(email: string): boolean {
    return this.db.prepare("SELECT 1 FROM free_accounts WHERE email = ?").get(emailKey(email)) !== undefined;
  }
  /** Forget a free account (it has migrated). */
  removeFreeAccount(email: string): void {
    this.db.prepare("DELETE FROM free_accounts WHERE email = ?").run(emailKey(email));
  }
  /** Set the outcome of the next provisioning of a customer with this externalId. */
  setOutcome(externalId: string, o: OutcomeRecord): void {
    this.db.prepare("INSERT OR REPLACE INTO outcomes(external_id, doc) VALUES (?, ?)").run(externalId, JSON.stringify(o));
  }
  /** Take (and forget) the outcome for this externalId. */
  takeOutcome(externalId: string): OutcomeRecord | undefined {
    const o = parse<OutcomeRecord>(this.db.prepare("SELECT doc FROM outcomes WHERE external_id = ?").get(externalId) as { doc: string } | undefined);
    if (o) this.db.prepare("DELETE FROM outcomes WHERE external_id = ?").run(externalId);
    return o;
  }
}

/** The unique keys a census counts: customers by externalId and admin email, users by email, templates by name, locations by org and name. */
export type CensusKind = "customer.externalId" | "customer.primaryEmail" | "subscriber.email" | "template.name" | "location.name";

/** All repositories over one database. */
export class Repos {
  readonly partners: PartnerRepo;
  readonly templates: TemplateRepo;
  readonly customers: CustomerRepo;
  readonly subscribers: SubscriberRepo;
  readonly locations: LocationRepo;
  readonly scenarios: ScenarioRepo;
  constructor(readonly db: Db) {
    this.partners = new PartnerRepo(db);
    this.templates = new TemplateRepo(db);
    this.customers = new CustomerRepo(db);
    this.subscribers = new SubscriberRepo(db);
    this.locations = new LocationRepo(db);
    this.scenarios = new ScenarioRepo(db);
  }
  /** Run `fn` in one transaction (all-or-nothing, and one fsync-free commit in WAL mode). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
  /** How many objects of each partner share each unique key (straight from the tables, nothing hidden). */
  census(): { partnerId: string; kind: CensusKind; key: string; count: number }[] {
    return this.db.prepare(`
      SELECT partner_id AS partnerId, 'customer.externalId' AS kind, external_id AS key, count(*) AS count FROM customers GROUP BY partner_id, external_id
      UNION ALL SELECT partner_id, 'customer.primaryEmail', primary_email, count(*) FROM customers WHERE primary_email IS NOT NULL GROUP BY partner_id, primary_email
      UNION ALL SELECT partner_id, 'subscriber.email', email, count(*) FROM subscribers GROUP BY partner_id, email
      UNION ALL SELECT partner_id, 'template.name', name, count(*) FROM templates GROUP BY partner_id, name
      UNION ALL SELECT partner_id, 'location.name', org_id || '/' || name_key, count(*) FROM locations GROUP BY partner_id, org_id, name_key
      ORDER BY 1, 2, 3`).all() as { partnerId: string; kind: CensusKind; key: string; count: number }[];
  }
  /** Wipe every object but partners and tokens. */
  wipe(): void {
    this.db.exec("DELETE FROM templates; DELETE FROM customers; DELETE FROM subscribers; DELETE FROM locations; DELETE FROM free_accounts; DELETE FROM outcomes;");
  }
}
