import { expect } from "chai";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, makeTemplate, start, type Client } from "./helpers";

const C = "/v1/wholesale/customers";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("backend: asynchronous transitions", () => {
  let emu: RunningEmulator;
  let c: Client;
  let pid: string;
  afterEach(() => emu?.close());
  const boot = async (opts: Parameters<typeof start>[0]) => {
    emu = await start(opts);
    c = client(emu);
    pid = await makeTemplate(c);
  };
  const provision = async (n: number) => (await c.post(C, customerBody(pid, n))).body.url.split("/").pop() as string;
  const status = async (id: string) => {
    const r = await c.get(`${C}/${id}`);
    return r.status === 404 ? "gone" : r.body.status;
  };

  it("immediate: provisioned, updated and deleted before the 202 returns", async () => {
    await boot({ timing: { customers: { mode: "immediate" }, customerUpdates: { mode: "immediate" }, customerDeletes: { mode: "immediate" } } });
    const id = await provision(1);
    expect(await status(id)).to.equal("provisioned");
    await c.put(`${C}/${id}`, { packages: ["webex_meetings"] });
    expect(await status(id)).to.equal("provisioned");
    await c.del(`${C}/${id}`);
    expect(await status(id)).to.equal("gone");
  });

  it("delay: provisioning → provisioned after the delay, without any read (scheduler)", async () => {
    await boot({ delayMs: 400 });
    const t0 = Date.now();
    const id = await provision(1);
    const first = (await c.get(`${C}/${id}`)).body;
    expect(first.status).to.equal("provisioning");
    expect(first).to.not.have.property("orgId");
    expect(first.resourceDetails.packages.every((p: any) => p.status === "provisioning")).to.equal(true);
    await sleep(600);
    // the scheduler completed it: stats (not a customer read) already count it as provisioned
    expect((await admin(emu).get("/_emulator/stats")).body.customers).to.deep.equal({ provisioned: 1 });
    const done = (await c.get(`${C}/${id}`)).body;
    expect(done.status).to.equal("provisioned");
    expect(done.orgId).to.be.a("string");
    expect(Date.parse(done.lastStatusChange) - t0).to.be.at.least(350);

    await c.put(`${C}/${id}`, { packages: ["webex_meetings"] });
    const upd = (await c.get(`${C}/${id}`)).body;
    expect(upd.status).to.equal("updating");
    expect(upd.orgId).to.equal(done.orgId);
    expect(upd.resourceDetails.packages).to.deep.equal([{ name: "webex_meetings", status: "provisioned" }, { name: "webex_calling", status: "deleting" }]);
    await sleep(600);
    expect(await status(id)).to.equal("provisioned");

    await c.del(`${C}/${id}`);
    expect(await status(id)).to.equal("deleting");
    await sleep(600);
    expect(await status(id)).to.equal("gone");
  });

  it("default delay is 1500 ms", async () => {
    await boot({ delayMs: undefined });
    expect((await admin(emu).get("/_emulator/timing")).body.customers).to.deep.equal({ mode: "delay", ms: 1500 });
  });

  it("after N reads: the Nth GET (get or list) sees the new state", async () => {
    await boot({ timing: { customers: { mode: "reads", reads: 3 }, customerUpdates: { mode: "reads", reads: 2 }, customerDeletes: { mode: "reads", reads: 1 } } });
    const id = await provision(1);
    expect((await c.put(`${C}/${id}`, { packages: ["webex_meetings"] })).status).to.equal(409); // not a read
    expect(await status(id)).to.equal("provisioning"); // read 1
    expect((await c.get(C)).body.items[0].status).to.equal("provisioning"); // read 2 (list)
    expect(await status(id)).to.equal("provisioned"); // read 3
    await c.put(`${C}/${id}`, { packages: ["webex_meetings"] });
    expect(await status(id)).to.equal("updating");
    expect(await status(id)).to.equal("provisioned");
    await c.del(`${C}/${id}`);
    expect(await status(id)).to.equal("gone");
  });

  it("timing can be changed at run time through the control plane (merged)", async () => {
    await boot({ delayMs: 5000 });
    const r = await admin(emu).put("/_emulator/timing", { customers: { mode: "reads", reads: 1 } });
    expect(r.body).to.deep.equal({ customers: { mode: "reads", reads: 1 }, customerUpdates: { mode: "delay", ms: 5000 }, customerDeletes: { mode: "delay", ms: 5000 } });
    expect(await status(await provision(1))).to.equal("provisioned");
    expect((await admin(emu).put("/_emulator/timing", { customers: { mode: "sometimes" } })).status).to.equal(400);
  });
});
