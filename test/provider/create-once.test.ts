// createOnce against a lax service model: writes hidden from look-ups for LAG ms, uniqueness of the
// key optionally NOT enforced (a second POST creates a second object), and each way a create's
// answer can go missing. Every guarantee has a negative control that shows the fault biting.
import { expect } from "chai";
import { createOnce, UnconfirmedCreateError, UnreadableCreateError, type CreateOnce } from "../../provider/src/lifecycle/create-once";
import { ResponseValidationError, WholesaleApiError } from "../../provider/src/client";

const LAG = 300;

/** How the answer of the next POST goes wrong. */
type Loss = "none" | "applied-then-500" | "applied-then-timeout" | "not-applied-500" | "applied-bad-body" | "conflict";

/** One object of the model. */
interface Obj {
  id: string;
  key: string;
  owner: string;
}

/** A service that shows writes late and may not enforce the key's uniqueness. */
class LaxService {
  readonly objects: (Obj & { at: number })[] = [];
  posts = 0;
  lookups = 0;
  private n = 0;
  constructor(private readonly opts: { lagMs: number; unique: boolean; losses: Loss[] }) {}

  post(key: string, owner: string): Obj {
    this.posts++;
    const loss = this.opts.losses.shift() ?? "none";
    if (this.opts.unique && this.objects.some((o) => o.key === key)) {
      throw new WholesaleApiError({ method: "POST", path: "/x", status: 409, errorCodes: [10020] });
    }
    if (loss === "not-applied-500") throw new WholesaleApiError({ method: "POST", path: "/x", status: 500, outcomeUnknown: true });
    const o = { id: `id-${++this.n}`, key, owner, at: Date.now() };
    this.objects.push(o);
    if (loss === "applied-then-500") throw new WholesaleApiError({ method: "POST", path: "/x", status: 500, outcomeUnknown: true });
    if (loss === "applied-then-timeout") throw new WholesaleApiError({ method: "POST", path: "/x", code: "ETIMEDOUT", outcomeUnknown: true });
    if (loss === "applied-bad-body") throw new ResponseValidationError({ method: "POST", path: "/x", status: 200, createdId: o.id });
    return o;
  }

  lookup(key: string): Obj | undefined {
    this.lookups++;
    const now = Date.now();
    return this.objects.find((o) => o.key === key && now - o.at >= this.opts.lagMs);
  }

  count(key: string): number {
    return this.objects.filter((o) => o.key === key).length;
  }
}

function op(svc: LaxService, over: Partial<CreateOnce<Obj>> = {}): CreateOnce<Obj> {
  return {
    what: "customer crm-1", key: "externalId crm-1",
    lookup: async () => svc.lookup("crm-1"),
    post: async () => svc.post("crm-1", "me"),
    isOurs: (o) => o.owner === "me",
    duplicateCodes: [10020],
    visibilityLagMs: LAG + 50,
    graceMs: 300,
    ...over,
  };
}

/** The pre-fix createOnce: look twice (settle, 2×settle) then POST again. Kept only as the negative control. */
async function blindReplay(o: CreateOnce<Obj>, settleMs: number): Promise<Obj> {
  for (let i = 0; i < 3; i++) {
    try {
      return await o.post();
    } catch (e) {
      if (!(e instanceof WholesaleApiError) || !e.outcomeUnknown) throw e;
      for (let look = 0; look < 2; look++) {
        await new Promise((r) => setTimeout(r, settleMs * (look + 1)));
        const f = await o.lookup();
        if (f) return f;
      }
    }
  }
  throw new Error("gave up");
}

describe("createOnce: POST first, never a blind replay", function () {
  this.timeout(20_000);

  it("creates with a single POST and no look-up when the answer arrives", async () => {
    const svc = new LaxService({ lagMs: LAG, unique: false, losses: [] });
    const r = await createOnce(op(svc));
    expect(r).to.include({ how: "posted", posts: 1 });
    expect({ posts: svc.posts, lookups: svc.lookups }).to.deep.equal({ posts: 1, lookups: 0 });
  });

  for (const loss of ["applied-then-500", "applied-then-timeout"] as const) {
    it(`${loss}, uniqueness off, lag ${LAG} ms: waits out the lag, finds the object, no second POST`, async () => {
      const svc = new LaxService({ lagMs: LAG, unique: false, losses: [loss] });
      const r = await createOnce(op(svc));
      expect(r.how).to.equal("recovered");
      expect(svc.posts).to.equal(1);
      expect(svc.count("crm-1")).to.equal(1);
    });
  }

  it("not applied (500 before the write): a look-up after the lag proves absence, then one more POST", async () => {
    const svc = new LaxService({ lagMs: LAG, unique: false, losses: ["not-applied-500"] });
    const t0 = Date.now();
    const r = await createOnce(op(svc));
    expect(r).to.include({ how: "posted", posts: 2 });
    expect(Date.now() - t0, "the second POST waited for the visibility bound").to.be.at.least(LAG + 50);
    expect(svc.count("crm-1")).to.equal(1);
  });

  it("a 2xx with an unreadable body: found by look-up, never POSTed again", async () => {
    const svc = new LaxService({ lagMs: LAG, unique: false, losses: ["applied-bad-body"] });
    const r = await createOnce(op(svc));
    expect(r.how).to.equal("recovered");
    expect(svc.posts).to.equal(1);
  });

  it("a 2xx with an unreadable body, object never visible: reports the id to adopt", async () => {
    const svc = new LaxService({ lagMs: 60_000, unique: false, losses: ["applied-bad-body"] });
    const err = await createOnce(op(svc)).catch((e) => e);
    expect(err).to.be.instanceOf(UnreadableCreateError);
    expect(err.message).to.match(/id-1.*adopt: true/s);
    expect(svc.posts).to.equal(1);
  });

  it("look-ups failing until the deadline: fails naming the object and its key, and sends nothing more", async () => {
    const svc = new LaxService({ lagMs: LAG, unique: false, losses: ["applied-then-500"] });
    const err = await createOnce(op(svc, { lookup: async () => { throw new WholesaleApiError({ method: "GET", path: "/x", status: 503 }); } })).catch((e) => e);
    expect(err).to.be.instanceOf(UnconfirmedCreateError);
    expect(err.message).to.contain("customer crm-1").and.contain("externalId crm-1");
    expect(svc.posts).to.equal(1);
    // The next run looks the key up first (lookupFirst "settle") and recovers the object, no POST.
    const next = await createOnce(op(svc, { lookupFirst: "settle" }));
    expect(next.how).to.equal("recovered");
    expect(svc.posts).to.equal(1);
    expect(svc.count("crm-1")).to.equal(1);
  });

  it("the service answers 409 (key taken): an object of this resource is recovered, a foreign one is AlreadyExists", async () => {
    const svc = new LaxService({ lagMs: LAG, unique: true, losses: [] });
    svc.post("crm-1", "me");
    const r = await createOnce(op(svc));
    expect(r.how).to.equal("recovered");
    const other = new LaxService({ lagMs: LAG, unique: true, losses: [] });
    other.post("crm-1", "someone else");
    const err = await createOnce(op(other)).catch((e) => e);
    expect(err.message).to.match(/already exists \(id id-1\).*adopt: true/s);
    const adopted = await createOnce(op(other, { adopt: true, lookupFirst: "once" }));
    expect(adopted).to.include({ how: "adopted", posts: 0 });
  });

  describe("negative controls: the same faults with the safeguard off produce duplicates", () => {
    it("visibility bound set shorter than the real lag: the look-up 'proves' absence wrongly and the second POST duplicates", async () => {
      const svc = new LaxService({ lagMs: LAG, unique: false, losses: ["applied-then-500"] });
      await createOnce(op(svc, { visibilityLagMs: 20 }));
      expect(svc.count("crm-1"), "objects with key crm-1").to.equal(2);
    });

    it("the old blind replay (look twice, then POST again) duplicates under a lag longer than its waits", async () => {
      const svc = new LaxService({ lagMs: LAG, unique: false, losses: ["applied-then-500"] });
      await blindReplay(op(svc), 50);
      expect(svc.count("crm-1")).to.equal(2);
    });
  });
});
