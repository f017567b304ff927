// Schema migrations, applied in order and recorded in `user_version`, so an old database file
// is upgraded in place. Rows keep a JSON document (`doc`) plus the columns that need indexes:
// the unique keys the business rules rely on and the transition deadlines.

/** Each entry moves the schema from version i to i+1. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created TEXT NOT NULL
  );
  CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    created TEXT NOT NULL
  );
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    provisioning_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (partner_id, name)
  );
  CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    primary_email TEXT UNIQUE,
    org_id TEXT UNIQUE,
    provisioning_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq INTEGER NOT NULL,
    due_at INTEGER,
    reads_left INTEGER,
    doc TEXT NOT NULL,
    UNIQUE (partner_id, external_id)
  );
  CREATE INDEX customers_due ON customers(due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX customers_template ON customers(provisioning_id);
  CREATE TABLE subscribers (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    phone TEXT,
    extension TEXT,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (customer_id, phone),
    UNIQUE (customer_id, extension)
  );
  CREATE INDEX subscribers_customer ON subscribers(customer_id);
  CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    customer_id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE free_accounts (
    email TEXT PRIMARY KEY
  );
  CREATE TABLE outcomes (
    external_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
  );
  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  `,
  // The Locations API: several locations per customer, the name unique within it (case-insensitive),
  // kept in creation order. The existing rows are the customers' headquarters.
  `
  CREATE TABLE locations_v2 (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    org_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (customer_id, name_key)
  );
  INSERT INTO locations_v2(id, partner_id, customer_id, org_id, name_key, seq, doc)
    SELECT id, partner_id, customer_id, org_id, lower(trim(json_extract(doc, '$.name'))), rowid, json_set(doc, '$.headquarters', json('true')) FROM locations;
  DROP TABLE locations;
  ALTER TABLE locations_v2 RENAME TO locations;
  CREATE INDEX locations_partner ON locations(partner_id, seq);
  CREATE INDEX locations_customer ON locations(customer_id, seq);
  INSERT OR REPLACE INTO counters(name, value) SELECT 'locations', COALESCE(MAX(seq), 0) FROM locations;
  `,
  // Unique externalId and email become the models' rules rather than the database's, so a partner
  // in the lax-uniqueness mode can hold duplicates (as a lax real backend might); they stay indexed.
  `
  CREATE TABLE customers_v3 (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    external_id TEXT NOT NULL,
    primary_email TEXT,
    org_id TEXT UNIQUE,
    provisioning_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq INTEGER NOT NULL,
    due_at INTEGER,
    reads_left INTEGER,
    doc TEXT NOT NULL
  );
  INSERT INTO customers_v3 SELECT id, partner_id, external_id, primary_email, org_id, provisioning_id, status, seq, due_at, reads_left, doc FROM customers;
  DROP TABLE customers;
  ALTER TABLE customers_v3 RENAME TO customers;
  CREATE INDEX customers_due ON customers(due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX customers_template ON customers(provisioning_id);
  CREATE INDEX customers_external ON customers(partner_id, external_id);
  CREATE INDEX customers_email ON customers(primary_email);
  CREATE TABLE subscribers_v3 (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT,
    extension TEXT,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (customer_id, phone),
    UNIQUE (customer_id, extension)
  );
  INSERT INTO subscribers_v3 SELECT id, partner_id, customer_id, email, phone, extension, seq, doc FROM subscribers;
  DROP TABLE subscribers;
  ALTER TABLE subscribers_v3 RENAME TO subscribers;
  CREATE INDEX subscribers_customer ON subscribers(customer_id);
  CREATE INDEX subscribers_email ON subscribers(email);
  `,
];
