// Responses of the official paths validate against Cisco's published OpenAPI (when the copy is present).
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ErrorBody } from "webex-wholesale-wire";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, makeTemplate, start, type Client, type Res } from "./helpers";

const repoRoot = path.resolve(__dirname, "../..");
const specFile = path.resolve(repoRoot, "../shared/webex-wholesale-openapi.json");

describe("backend: responses match the official OpenAPI", function () {
  let emu: RunningEmulator;
  let c: Client;
  let spec: any;
  let ajv: Ajv;

  before(async function () {
    if (!existsSync(specFile)) this.skip(); // the official copy lives in ../shared, absent on users' machines
    spec = JSON.parse(readFileSync(specFile, "utf8"));
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: "webex", components: spec.components });
    emu = await start();
    c = client(emu);
  });
  after(() => emu?.close());

  // Validate a response against the schema the official spec declares for (path, method, status).
  const check = (r: Res, p: string, method: string) => {
    const op = spec.paths[p][method];
    const decl = op.responses[String(r.status)];
    expect(decl, `${method} ${p} → ${r.status} is an official status`).to.exist;
    const schema = decl.content?.["application/json"]?.schema;
    if (!schema) return;
    const rewrite = (s: any): any => JSON.parse(JSON.stringify(s).replace(/"#\/components/g, '"webex#/components'));
    const v = ajv.compile(rewrite(schema));
    expect(v(r.body), `${method} ${p}: ${ajv.errorsText(v.errors)}`).to.equal(true);
  };

  it("the check is real: a wrong enum value fails validation", () => {
    const v = ajv.compile({ $ref: "webex#/components/schemas/Customer" });
    expect(v({ id: "x", status: "provisioned" })).to.equal(true);
    expect(v({ id: "x", status: "almost_there" })).to.equal(false);
  });

  it("customers, subscribers and prechecks validate; error bodies match the Webex error shape", async () => {
    await admin(emu).put("/_emulator/timing", { customers: { mode: "reads", reads: 2 } });
    const pid = await makeTemplate(c);
    const created = await c.post("/v1/wholesale/customers", customerBody(pid, 1));
    check(created, "/wholesale/customers", "post");
    const id = created.body.url.split("/").pop();
    const provisioning = await c.get(`/v1/wholesale/customers/${id}`);
    expect(provisioning.body.status).to.equal("provisioning");
    check(provisioning, "/wholesale/customers/{customerId}", "get");
    const cust = await c.get(`/v1/wholesale/customers/${id}`);
    expect(cust.body.status).to.equal("provisioned");
    check(cust, "/wholesale/customers/{customerId}", "get");
    check(await c.get("/v1/wholesale/customers"), "/wholesale/customers", "get");
    check(await c.post("/v1/wholesale/customers/validate", { address: customerBody(pid, 2).address }), "/wholesale/customers/validate", "post");

    const sub = await c.post("/v1/wholesale/subscribers", { customerId: id, email: "oa@x.example", packages: ["webex_calling"], provisioningParameters: { extension: "1234" } });
    check(sub, "/wholesale/subscribers", "post");
    await admin(emu).post("/_emulator/free-accounts", { email: "free@x.example" });
    const pending = await c.post("/v1/wholesale/subscribers", { customerId: id, email: "free@x.example", packages: ["webex_meetings"], provisioningParameters: {} });
    expect(pending.status).to.equal(202);
    check(pending, "/wholesale/subscribers", "post");
    check(await c.get(`/v1/wholesale/subscribers/${sub.body.id}`), "/wholesale/subscribers/{subscriberId}", "get");
    check(await c.put(`/v1/wholesale/subscribers/${sub.body.id}`, { packages: ["webex_meetings"] }), "/wholesale/subscribers/{subscriberId}", "put");
    check(await c.get("/v1/wholesale/subscribers"), "/wholesale/subscribers", "get");
    check(await c.post("/v1/wholesale/subscribers/validate", { email: "new@x.example" }), "/wholesale/subscribers/validate", "post");
    check(await c.del(`/v1/wholesale/subscribers/${sub.body.id}`), "/wholesale/subscribers/{subscriberId}", "delete");
    check(await c.put(`/v1/wholesale/customers/${id}`, { packages: ["webex_meetings"] }), "/wholesale/customers/{customerId}", "put");
    check(await c.del(`/v1/wholesale/customers/${id}`), "/wholesale/customers/{customerId}", "delete");

    for (const r of [await c.get("/v1/wholesale/customers/nope"), await c.post("/v1/wholesale/customers", {}), await client(emu, "").get("/v1/wholesale/subscribers")]) {
      check(r, r.status === 401 ? "/wholesale/subscribers" : "/wholesale/customers", r.status === 400 ? "post" : "get");
      expect(ErrorBody.safeParse(r.body).success).to.equal(true);
    }
  });
});
