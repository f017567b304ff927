// From live objects to inventory lines. Each object goes through its resource module's own `read`
// hook (from the registry, served from the objects already listed, so no further request) and then
// the engine's `check`, exactly as a refresh or a `pulumi import` would record it: the inventory
// holds what the resources would record, and the mapping from the API's fields to arguments is
// stated only in the resource modules.
import type * as wire from "webex-wholesale-wire";
import type { WholesaleClient } from "../client";
import { createEngine } from "../lifecycle/engine";
import type { HookContext, KindName, State } from "../lifecycle/kind";
import { registry } from "../resources";
import { byCodeUnit, type Estate, type LiveCustomer, type LiveSubscriber } from "./estate";
import { FILL_IN, resourceName, type CustomerLine, type FillIn, type Inventory, type NotExported, type SiteLine, type TemplateLine, type UserLine } from "./inventory";

/** A `pulumi import --file` document. */
export interface ImportDocument {
  resources: { type: string; name: string; id: string }[];
}

/** The inventory and the import document of one estate. */
export interface Translation {
  inventory: Inventory;
  importDoc: ImportDocument;
}

/** Type token of a kind in the native provider's schema. */
export const nativeType = (kind: KindName) => `webex-wholesale:index:${kind}`;

/** Arguments the program sets itself (links, plan-time check inputs, adopt), never written into a line. */
const PROGRAM_SET = ["adopt", "customerId", "customerAdminEmail", "customerPackages", "locationId", "locationCustomerId"];

/** Only customers in this status are declared; every other status says why not. */
const NOT_EXPORTED_STATUS: Record<string, string> = {
  error: "provisioning failed (status error)",
  provisioned_with_errors: "provisioning failed for some packages (status provisioned_with_errors)",
  pending_rpl_review: "waiting for the denied-party compliance review (status pending_rpl_review)",
};

/** A client answering the `read` hooks' GETs from the objects already listed. */
function snapshotContext(estate: Estate): HookContext {
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((x) => [x.id, x]));
  const templates = byId(estate.templates ?? []);
  const customers = byId(estate.customers.map((c) => c.customer));
  const subscribers = byId(estate.customers.flatMap((c) => c.subscribers));
  const locations = byId(estate.customers.flatMap((c) => c.locations));
  const ofOrg = new Map(estate.customers.filter((c) => c.customer.orgId).map((c) => [c.customer.orgId!, c.locations]));
  const client = {
    // Refresh-style reads ask for the listed copy (getListed); here every object is listed already.
    templates: { get: async (id: string) => templates.get(id), getListed: async (id: string) => templates.get(id) },
    customers: { get: async (id: string) => customers.get(id), getListed: async (id: string) => customers.get(id) },
    subscribers: { get: async (id: string) => subscribers.get(id), getListed: async (id: string) => subscribers.get(id) },
    locations: { list: async (orgId: string) => ofOrg.get(orgId) ?? [], listListed: async (orgId: string) => ofOrg.get(orgId) ?? [] },
    // The Locations module reads through a plain collection.
    collection: () => ({ get: async (id: string) => locations.get(id), list: async (q: { orgId: string }) => ofOrg.get(q.orgId) ?? [] }),
  };
  const nothing = () => {};
  return { client: client as unknown as WholesaleClient, log: nothing, warn: nothing };
}

/** Stable, unique keys for templates: their names in lower case, runs of other characters as "-". */
function templateKeys(templates: wire.OnboardingTemplate[]): Map<string, string> {
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const t of [...templates].sort((a, b) => byCodeUnit(a.name, b.name) || byCodeUnit(a.id, b.id))) {
    const base = t.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "template";
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    keys.set(t.id, key);
  }
  return keys;
}

/** Turn a read estate into the inventory (sorted by key) and the matching import document. */
export async function translate(estate: Estate): Promise<Translation> {
  const ctx = snapshotContext(estate);
  // An engine of its own: `check` records unique keys per run, and this run is the export.
  const engine = createEngine(registry);
  const notExported: NotExported[] = [];
  const fillIn: FillIn[] = [];
  const imports: ImportDocument["resources"] = [];
  const notImportable: string[] = [];
  const skip = (kind: NotExported["kind"], key: string, id: string, reason: string) => notExported.push({ kind, key, id, reason });

  /** A live object as checked arguments and its read state, or the reasons it cannot be declared; missing values become FILL_IN. */
  async function argsOf(kind: KindName, id: string, state: State = {}):
    Promise<{ args: Record<string, unknown>; missing: string[]; state: State } | { problems: string[] }> {
    const read = await registry.get(kind).read(ctx, id, state);
    if (!read) throw new Error(`${kind} ${id} vanished from the snapshot`);
    const live = JSON.parse(JSON.stringify(read.inputs)) as Record<string, unknown>;
    const checked = await engine.check(kind, {}, live);
    const missing: string[] = [];
    const problems: string[] = [];
    for (const f of checked.failures) {
      // A required value the API did not return (the real service has no names or emails on
      // customers): the user supplies it. Anything else is a value no resource can take.
      if (!/[.[]/.test(f.property) && live[f.property] === undefined) missing.push(f.property);
      else problems.push(`${f.property}: ${f.reason}`);
    }
    if (problems.length > 0) return { problems };
    const args = checked.failures.length === 0 ? checked.inputs : live;
    for (const k of missing) args[k] = FILL_IN;
    for (const k of PROGRAM_SET) delete args[k];
    return { args, missing, state: read.state };
  }

  const keys = templateKeys(estate.templates ?? []);
  const templates: TemplateLine[] = [];
  for (const t of estate.templates ?? []) {
    const r = await argsOf("OnboardingTemplate", t.id);
    if ("problems" in r) { skip("template", t.name, t.id, r.problems.join("; ")); continue; }
    templates.push({ key: keys.get(t.id)!, ...(r.args as Omit<TemplateLine, "key">) });
  }
  templates.sort((a, b) => byCodeUnit(a.key, b.key));
  const templateIds = new Map((estate.templates ?? []).map((t) => [keys.get(t.id)!, t.id]));
  for (const t of templates) imports.push({ type: nativeType("OnboardingTemplate"), name: resourceName.template(t.key), id: templateIds.get(t.key)! });
  const exported = new Set(templates.map((t) => t.key));
  const templateKeyOf = new Map((estate.templates ?? []).filter((t) => exported.has(keys.get(t.id)!)).map((t) => [t.provisioningId, keys.get(t.id)!]));

  const customers: CustomerLine[] = [];
  let literalProvisioningIds = 0;
  for (const { customer: c, subscribers, locations } of [...estate.customers].sort((a, b) => byCodeUnit(a.customer.externalId, b.customer.externalId))) {
    const users = [...subscribers].sort((a, b) => byCodeUnit(a.email ?? "", b.email ?? "") || byCodeUnit(a.id, b.id));
    const sites = [...locations].sort((a, b) => byCodeUnit(a.name, b.name) || byCodeUnit(a.id, b.id));
    const declared = await customerLine(c);
    if (!declared) {
      for (const l of sites) skip("site", l.name, l.id, `its customer ${c.externalId} is not exported`);
      for (const s of users) skip("user", s.email ?? s.id, s.id, `its customer ${c.externalId} is not exported`);
      continue;
    }
    const { line, hq } = declared;
    const siteNames = new Map<string, string>();
    line.sites = [];
    for (const l of sites) {
      if (l.id === hq) continue;
      const site = await siteLine(l, c);
      if (site) { line.sites.push(site); siteNames.set(l.id, l.name); }
    }
    if (line.sites.length === 0) delete line.sites;
    line.users = [];
    for (const s of users) {
      const u = await userLine(s, c, hq, siteNames);
      if (u) line.users.push(u);
    }
    customers.push(line);
  }

  async function customerLine(c: LiveCustomer): Promise<{ line: CustomerLine; hq?: string } | undefined> {
    if (c.status !== "provisioned") {
      skip("customer", c.externalId, c.id, NOT_EXPORTED_STATUS[c.status] ?? `status ${c.status} is not settled: export again once it is provisioned`);
      return undefined;
    }
    const r = await argsOf("CustomerOrg", c.id);
    if ("problems" in r) { skip("customer", c.externalId, c.id, r.problems.join("; ")); return undefined; }
    const name = resourceName.customer(c.externalId);
    const { provisioningId, externalId, ...rest } = r.args as unknown as CustomerLine & { provisioningId: string };
    for (const property of r.missing) fillIn.push({ resource: name, property });
    const template = templateKeyOf.get(provisioningId);
    if (!template) literalProvisioningIds++;
    imports.push({ type: nativeType("CustomerOrg"), name, id: c.id });
    const line: CustomerLine = template ? { externalId, template, ...rest } : { externalId, provisioningId, ...rest };
    return { line, hq: r.state.headquartersLocationId as string | undefined };
  }

  async function siteLine(l: wire.Location, c: LiveCustomer): Promise<SiteLine | undefined> {
    const r = await argsOf("CustomerLocation", l.id, { customerId: c.id });
    if ("problems" in r) { skip("site", l.name, l.id, r.problems.join("; ")); return undefined; }
    const name = resourceName.site(c.externalId, l.name);
    for (const property of r.missing) fillIn.push({ resource: name, property });
    // Not in import.json: the engine imports by id alone, and a location is read through its org.
    notImportable.push(name);
    return r.args as unknown as SiteLine;
  }

  async function userLine(s: LiveSubscriber, c: LiveCustomer, hq: string | undefined, sites: Map<string, string>): Promise<UserLine | undefined> {
    if (!s.email) { skip("user", s.id, s.id, `a user of ${c.externalId} without an email (the email is the user's key)`); return undefined; }
    const r = await argsOf("CustomerUser", s.id);
    if ("problems" in r) { skip("user", s.email, s.id, r.problems.join("; ")); return undefined; }
    // Where the service tells a user's location (the emulator does; Webex's subscriber has no
    // such field), a user away from the HQ names its site.
    const at = (s as { locationId?: unknown }).locationId;
    const site = typeof at === "string" && at !== hq ? sites.get(at) : undefined;
    if (typeof at === "string" && at !== hq && site === undefined) {
      skip("user", s.email, s.id, `its location ${at} is not an exported site of ${c.externalId}`);
      return undefined;
    }
    const name = resourceName.user(s.email);
    for (const property of r.missing) fillIn.push({ resource: name, property });
    imports.push({ type: nativeType("CustomerUser"), name, id: s.id });
    return { ...(r.args as unknown as UserLine), ...(site !== undefined ? { site } : {}) };
  }

  const inventory: Inventory = {
    templates,
    customers,
    notes: {
      secrets: ["The partner token is not exported: give it as `pulumi config set --secret webex-wholesale:token <token>` or WEBEX_WHOLESALE_TOKEN."],
      ...(literalProvisioningIds > 0 ? {
        provisioningIds: "Customers with `provisioningId` instead of `template` carry their onboarding template's provisioning ID as a literal: " +
          "the Webex API offers no way to read templates (Partner Hub shows the provisioning ID). Keep it as it is.",
      } : {}),
      ...(notImportable.length > 0 ? {
        notImported: `import.json leaves out the sites (${notImportable.length}): \`pulumi import\` reads an object by its id alone, and the Webex ` +
          "Locations API reads a location only through its customer's org. Declare them with `adopt: true` (as index.ts does).",
      } : {}),
      fillIn,
      notExported,
    },
  };
  return { inventory, importDoc: { resources: imports } };
}
