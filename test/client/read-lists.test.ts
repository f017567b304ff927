// List-based refresh (read-lists.ts): reads are served from one list per customer (users,
// locations) and one customer list, coalesced while the list is in flight, and never served
// after a write or past the list's age.
import { expect } from "chai";
import { WholesaleClient } from "../../provider/src/client";
import { ReadLists } from "../../provider/src/client/read-lists";
import { FaultServer, fastSettings } from "./fault-server";

const C = "/wholesale/customers";
const S = "/wholesale/subscribers";

const subscriber = (id: string, customerId: string, extension: string) =>
  ({ id, email: `${id}@x.example`, customerId, status: "provisioned", packages: ["webex_calling"], extension });
const customer = (id: string) => ({ id, externalId: `crm-${id}`, status: "provisioned", packages: ["webex_meetings"], orgId: `org-${id}` });

describe("list-based reads for refresh", () => {
  let server: FaultServer;
  let client: WholesaleClient;
  const lists = (path: string) => server.seen("GET", path).length;

  beforeEach(async () => {
    server = await new FaultServer().start();
    client = new WholesaleClient(fastSettings(server.baseUrl));
  });
  afterEach(() => server.close());

  it("serves every user of a customer from one list request, concurrent reads included", async () => {
    const ext = new Map([["u1", "1001"], ["u2", "1002"], ["u3", "1003"]]);
    server.route("GET", S, (req) => {
      const cid = req.query.get("customerId")!;
      return { status: 200, body: { items: [...ext].map(([id, e]) => subscriber(`${cid}-${id}`, cid, e)) }, delayMs: 50 };
    });
    const reads = ["c1", "c2"].flatMap((cid) => [...ext.keys()].map((u) => client.subscribers.getListed(`${cid}-${u}`, cid)));
    const got = await Promise.all(reads);
    expect(got.map((s) => s?.id)).to.deep.equal(["c1-u1", "c1-u2", "c1-u3", "c2-u1", "c2-u2", "c2-u3"]);
    expect(lists(S), "one list per customer").to.equal(2);
    expect(server.seen("GET", `${S}/c1-u1`)).to.have.length(0);
    // A later read of the same refresh is served from the list too.
    await client.subscribers.getListed("c1-u2", "c1");
    expect(lists(S)).to.equal(2);
  });

  it("falls back to a GET by id for an object the list does not hold (gone: undefined)", async () => {
    server.route("GET", S, [{ status: 200, body: { items: [subscriber("u1", "c1", "1001")] } }]);
    server.route("GET", `${S}/u9`, [{ status: 404, body: { message: "not found" } }]);
    expect(await client.subscribers.getListed("u9", "c1")).to.equal(undefined);
    expect(server.seen("GET", `${S}/u9`)).to.have.length(1);
  });

  it("serves customers from one customer list (largest pages, every page)", async () => {
    server.route("GET", C, (req) => {
      const offset = Number(req.query.get("offset") ?? 0);
      const next = offset === 0 ? { Link: `<${server.baseUrl}${C}?offset=2&max=2>; rel="next"` } : undefined;
      return { status: 200, body: { items: offset === 0 ? [customer("a"), customer("b")] : [customer("c")] }, headers: next };
    });
    const got = await Promise.all(["a", "b", "c"].map((id) => client.customers.getListed(id)));
    expect(got.map((c) => c?.externalId)).to.deep.equal(["crm-a", "crm-b", "crm-c"]);
    expect(lists(C), "two pages, once").to.equal(2);
    expect(server.seen("GET", C)[0]!.query.get("max")).to.equal("100");
  });

  it("drops every list when a write starts, so the read after it sees the change", async () => {
    let ext = "1001";
    server.route("GET", S, () => ({ status: 200, body: { items: [subscriber("u1", "c1", ext)] } }));
    server.route("PUT", `${S}/u1`, () => {
      ext = "2002";
      return { status: 200, body: subscriber("u1", "c1", ext) };
    });
    expect((await client.subscribers.getListed("u1", "c1"))?.extension).to.equal("1001");
    await client.subscribers.update("u1", { packages: ["webex_calling"], provisioningParameters: { extension: "2002" } });
    expect((await client.subscribers.getListed("u1", "c1"))?.extension, "a stale list would say 1001").to.equal("2002");
    expect(lists(S)).to.equal(2);
  });

  it("a list older than its age is fetched again; a failed list is not kept", async () => {
    let now = 0;
    const l = new ReadLists(1_000, () => now);
    let loads = 0;
    const load = async () => [{ id: `x${++loads}` }];
    expect([...(await l.byId("k", load)).keys()]).to.deep.equal(["x1"]);
    now = 999;
    expect([...(await l.byId("k", load)).keys()]).to.deep.equal(["x1"]);
    now = 1_001;
    expect([...(await l.byId("k", load)).keys()]).to.deep.equal(["x2"]);
    const failing = l.byId("f", async () => { throw new Error("boom"); });
    await failing.then(() => expect.fail("should fail"), (e: Error) => expect(e.message).to.equal("boom"));
    await new Promise((r) => setImmediate(r));
    expect([...(await l.byId("f", load)).keys()]).to.deep.equal(["x3"]);
  });
});
