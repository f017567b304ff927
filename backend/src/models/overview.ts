// The console's read model: what one partner (or the admin, every partner) has in the emulator,
// read straight from storage so that looking changes nothing: no "after N reads" read is counted,
// no transition is applied and no rate-limit token is taken. Tokens are never part of it.
import type { Customer, Location, Subscriber } from "webex-wholesale-wire";
import { Customers } from "./customers";
import type { Journal, JournalEntry } from "../control/journal";
import { Locations } from "./locations";
import type { Repos } from "../storage/repos";
import { Subscribers } from "./subscribers";
import { Templates } from "./templates";

/** Most journal entries one overview carries (the page keeps as many rows). */
export const JOURNAL_WINDOW = 200;

/** Who is looking: the admin sees every partner; a partner its own objects (users only with the subscribers-read scope). */
export type Viewer = { role: "admin" } | { role: "partner"; partnerId: string; seesUsers: boolean };

/** A partner as the console lists it (no tokens). */
export interface PartnerSummary {
  /** Partner id. */
  id: string;
  /** Display name. */
  name: string;
  /** Creation time (ISO). */
  created: string;
}

/** An onboarding template in its API shape, with its owner. */
export type TemplateView = ReturnType<typeof Templates.render> & { partnerId: string };

/** A customer in its API shape, with its owner, its locations (headquarters first) and its users. */
export type CustomerView = Customer & { partnerId: string; locations: Location[]; users: Subscriber[] };

/** Everything the console shows. */
export interface Overview {
  /** The viewer, without any secret. */
  viewer: { role: "admin" } | { role: "partner"; partnerId: string };
  /** Partners in view. */
  partners: PartnerSummary[];
  /** Templates in view, partner by partner, oldest first. */
  templates: TemplateView[];
  /** Customers in view, partner by partner, oldest first. */
  customers: CustomerView[];
  /** Journal entries in view after the requested cursor (at most JOURNAL_WINDOW, newest kept), and the next cursor. */
  journal: { entries: JournalEntry[]; cursor: number };
}

/** The console's read model over storage and the journal. */
export class Overviews {
  constructor(private readonly repos: Repos, private readonly journal: Journal) {}

  /** The overview for `viewer`; `since` = the journal cursor of the previous overview (none: the latest entries). */
  of(viewer: Viewer, since?: number): Overview {
    const repos = this.repos;
    const partners = repos.partners.list().filter((p) => viewer.role === "admin" || p.id === viewer.partnerId);
    const seesUsers = viewer.role === "admin" || viewer.seesUsers;
    const templates: TemplateView[] = [];
    const customers: CustomerView[] = [];
    for (const p of partners) {
      for (const t of repos.templates.list(p.id)) templates.push({ ...Templates.render(t), partnerId: p.id });
      const owned = repos.customers.list(p.id, {});
      const externalIds = new Map(owned.map((c) => [c.id, c.externalId]));
      const users = groupBy(seesUsers ? repos.subscribers.listByPartner(p.id) : [], (s) => s.customerId, (s) => Subscribers.render(s, externalIds.get(s.customerId)));
      const locations = groupBy(repos.locations.list(p.id), (l) => l.customerId, Locations.render);
      for (const c of owned) {
        customers.push({ ...Customers.render(c), partnerId: p.id, locations: locations.get(c.id) ?? [], users: users.get(c.id) ?? [] });
      }
    }
    // A cursor past the journal's end means the emulator restarted: start over from its latest entries.
    const from = since !== undefined && since <= this.journal.lastSeq ? since : 0;
    const visible = this.journal.after(from).filter((e) => viewer.role === "admin" || e.partnerId === viewer.partnerId);
    return {
      viewer: viewer.role === "admin" ? { role: "admin" } : { role: "partner", partnerId: viewer.partnerId },
      partners: partners.map((p) => ({ id: p.id, name: p.name, created: p.created })),
      templates,
      customers,
      journal: { entries: visible.slice(-JOURNAL_WINDOW), cursor: this.journal.lastSeq },
    };
  }
}

// Items grouped by a key, each mapped, in their original order.
function groupBy<T, V>(items: readonly T[], key: (t: T) => string, map: (t: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const t of items) {
    const list = out.get(key(t)) ?? [];
    list.push(map(t));
    out.set(key(t), list);
  }
  return out;
}
