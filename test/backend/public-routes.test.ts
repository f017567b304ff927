// Routes deny by default: only the routes on the public list answer without a token, and a route
// added without an access declaration (or declaring itself public without being on the list) is refused.
import { expect } from "chai";
import { buildApp, EmulatorState, type RunningEmulator } from "../../backend/src";
import { PUBLIC_ROUTES } from "../../backend/src/http/hooks";
import { route } from "../../backend/src/http/route";
import { defaultTiming } from "../../backend/src/control/timing";
import { start } from "./helpers";

/** The pinned list: the console page and its assets, and the OpenAPI document (GET and HEAD). */
const EXPECTED_PUBLIC = ["/", "/console/console.js", "/console/console.css", "/openapi.json"].flatMap((p) => [`GET ${p}`, `HEAD ${p}`]);

describe("backend: routes deny by default", () => {
  let emu: RunningEmulator;
  before(async () => { emu = await start(); });
  after(() => emu.close());

  it("the public list is exactly the console assets and the OpenAPI document", () => {
    expect([...PUBLIC_ROUTES].sort()).to.deep.equal([...EXPECTED_PUBLIC].sort());
  });

  it("without a token, every route but the public ones answers 401 (walking the whole route table)", async () => {
    const open: string[] = [];
    for (const r of emu.app.routeTable) {
      const url = r.url.replace(/:([A-Za-z_]+)/g, "x");
      const res = await emu.app.inject({ method: r.method as "GET", url, ...(r.method === "POST" || r.method === "PUT" ? { payload: {} } : {}) });
      if (res.statusCode !== 401) open.push(`${r.method} ${r.url}`);
    }
    expect(open.sort()).to.deep.equal([...EXPECTED_PUBLIC].sort());
    expect(emu.app.routeTable.length).to.be.greaterThan(EXPECTED_PUBLIC.length + 30);
  });

  it("negative control: a route registered without an access declaration, or public but not listed, is refused", async () => {
    const state = new EmulatorState({ dbPath: ":memory:", timing: defaultTiming(0), rateLimit: null });
    const app = buildApp(state, { adminToken: "admin-token-xyz", logger: false });
    app.get("/leak", async () => ({ secret: true }));
    route(app, { method: "GET", url: "/sneaky", access: { public: true }, status: 200 }, () => ({ secret: true }));
    try {
      for (const url of ["/leak", "/sneaky"]) {
        const res = await app.inject({ method: "GET", url });
        expect(res.statusCode, url).to.equal(401);
        expect(res.body).to.not.include("secret");
      }
      expect((await app.inject({ method: "GET", url: "/openapi.json" })).statusCode).to.equal(200);
    } finally {
      await app.close();
      state.close();
    }
  });
});
