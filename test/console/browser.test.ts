// The console in a real headless browser (Debian's chromium driven by playwright-core): provision
// through the API while the page is open and check what the page shows, who sees what, and that no
// token ends up in the page or a URL. Saves test/artifacts/console.png (and docs/console.png, the
// README's image, when UPDATE_SCREENSHOTS=1).
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { RunningEmulator } from "../../backend/src";
import { admin, client, customerBody, makeCustomer, makeTemplate, start, type Client } from "../backend/helpers";
import { allTokens, expectNoToken, makeUser, otherPartner, OVERVIEW } from "./helpers";

/** Debian's chromium (.ci/run installs it). */
const CHROMIUM = "/usr/bin/chromium";
const repoRoot = path.resolve(__dirname, "../..");
const C = "/v1/wholesale/customers";
/** Longest wait for the page to show something (it polls every second). */
const SHOWS_WITHIN_MS = 10_000;

describe("console: in a headless browser", function () {
  this.timeout(90_000);
  let emu: RunningEmulator;
  let dev: Client;
  let a: Client;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const requested: { url: string; authorization?: string }[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing but CI is set: .ci/run installs Debian's chromium before make test`);
      console.log(`      (skipped: ${CHROMIUM} is absent; apt-get install chromium to run the console's browser test)`);
      return this.skip();
    }
    // Transitions wait for API reads, so the page is sure to see `provisioning` before `provisioned`.
    emu = await start({ timing: { customers: { mode: "reads", reads: 2 } } });
    dev = client(emu);
    a = admin(emu);
    userDataDir = mkdtempSync(path.join(tmpdir(), "console-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
      viewport: { width: 1600, height: 1000 },
    });
    context.on("request", (r) => requested.push({ url: r.url(), ...(r.headers().authorization ? { authorization: r.headers().authorization } : {}) }));
    page = context.pages()[0] ?? await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await emu?.close();
  });

  /** Sign in through the form with `token`; resolves once the page shows `viewer`. */
  async function signIn(token: string, viewer: string): Promise<void> {
    await page.goto(emu.url + "/");
    if (await page.isVisible("#logout")) await page.click("#logout");
    await page.fill("#token", token);
    await page.click("#login-form button[type=submit]");
    await page.waitForFunction((v) => document.getElementById("viewer")?.textContent === v, viewer, { timeout: SHOWS_WITHIN_MS });
  }

  const card = (customerId: string) => `#customers [data-customer-id="${customerId}"]`;
  const shows = (selector: string) => page.waitForSelector(selector, { timeout: SHOWS_WITHIN_MS });
  /** Resolves after the page has drawn an overview fetched from now on. */
  const nextPoll = async () => { await page.waitForResponse((r) => r.url().includes(OVERVIEW), { timeout: SHOWS_WITHIN_MS }); await page.waitForTimeout(50); };

  it("signs in with a partner token that then lives in no URL, field or page text, only in the Authorization header", async () => {
    await signIn(emu.devToken, "partner · dev-partner");
    expect(await page.inputValue("#token")).to.equal("");
    await nextPoll();
    const polls = requested.filter((r) => r.url.includes(OVERVIEW));
    expect(polls.length).to.be.greaterThan(0);
    for (const r of polls) expect(r.authorization).to.equal(`Bearer ${emu.devToken}`);
    for (const r of requested) expect(r.url.startsWith(emu.url + "/"), r.url).to.equal(true); // nothing from elsewhere
    const tokens = await allTokens(emu);
    expectNoToken(requested.map((r) => r.url).join("\n"), tokens, "a requested URL");
    expectNoToken(await page.content(), tokens, "the page");
  });

  it("shows a new template with its provisioning ID, and a customer going provisioning → provisioned with its users, live", async () => {
    const provisioningId = await makeTemplate(dev, { name: "SMB Calling" });
    await shows(`#templates tr:has-text("${provisioningId}")`);
    expect(await page.textContent("#templates tbody")).to.include("SMB Calling");

    const accepted = await dev.post(C, customerBody(provisioningId, "pizza", { customerInfo: { name: "Pizza Palace", primaryEmail: "owner@pizza.example" } }));
    expect(accepted.status).to.equal(202);
    const id = accepted.body.url.split("/").pop() as string;
    await shows(`${card(id)}[data-status="provisioning"]`);
    expect(await page.getAttribute(`${card(id)} li[data-package="webex_calling"]`, "data-status")).to.equal("provisioning");
    expect(await page.textContent(card(id))).to.include("Pizza Palace").and.include("not yet"); // no orgId yet

    // the console's own polling counted no read: exactly the two API reads complete the provisioning
    await nextPoll();
    expect(await page.getAttribute(card(id), "data-status")).to.equal("provisioning");
    await dev.get(`${C}/${id}`);
    const done = (await dev.get(`${C}/${id}`)).body;
    expect(done.status).to.equal("provisioned");
    await shows(`${card(id)}[data-status="provisioned"]`);
    expect(await page.textContent(card(id))).to.include(done.orgId);
    expect(await page.getAttribute(`${card(id)} li[data-package="webex_meetings"]`, "data-status")).to.equal("provisioned");

    await makeUser(dev, id, "owner@pizza.example", "1001");
    await makeUser(dev, id, "chef@pizza.example", "1002");
    await shows(`${card(id)} tr[data-user-email="chef@pizza.example"][data-status="provisioned"]`);
    expect(await page.locator(`${card(id)} tr[data-user-email]`).count()).to.equal(2);
  });

  it("shows a failed package's status and error", async () => {
    await a.post("/_emulator/outcomes", { externalId: "ext-bistro", outcome: "provisioned_with_errors", package: "webex_calling",
      errors: [{ errorCode: 2560, description: "Webex Calling is under maintenance; retry later." }] });
    const provisioningId = (await dev.get("/v1/wholesale/onboardingTemplates")).body.items[0].provisioningId;
    const c = await makeCustomer(dev, provisioningId, "bistro", { customerInfo: { name: "Bistro Uno", primaryEmail: "owner@bistro.example" } });
    expect(c.status).to.equal("provisioned_with_errors");
    await shows(`${card(c.id)}[data-status="provisioned_with_errors"] li[data-package="webex_calling"][data-status="error"]`);
    expect(await page.textContent(`${card(c.id)} .errors`)).to.include("2560").and.include("under maintenance");
  });

  it("highlights 429s and injected faults in the request journal", async () => {
    await a.post("/_emulator/faults", { method: "GET", path: "/v1/wholesale/onboardingTemplates", status: 503, times: 1 });
    expect((await dev.get("/v1/wholesale/onboardingTemplates")).status).to.equal(503);
    await a.put("/_emulator/rate-limit", { rps: 0.01, burst: 1 });
    expect((await dev.get(C)).status).to.equal(200);
    expect((await dev.get(C)).status).to.equal(429);
    await a.put("/_emulator/rate-limit", { rps: null });

    const throttled = await shows('#journal tr.throttled[data-status="429"]');
    const fault = await shows('#journal tr.fault[data-status="503"]');
    expect(await throttled.textContent()).to.include(C).and.include("ROUTER_");
    expect(await fault.textContent()).to.include("fault");
    const background = (selector: string) => page.$eval(`${selector} td`, (td) => getComputedStyle(td).backgroundColor);
    const plain = await background('#journal tr.ok[data-status="200"]');
    expect(await background('#journal tr.throttled[data-status="429"]')).not.to.equal(plain);
    expect(await background('#journal tr.fault[data-status="503"]')).not.to.equal(plain);
    expect(await page.textContent("#summary")).to.include("1 × 429").and.include("1 fault");
  });

  it("a partner never sees another partner's customer; the admin token sees every partner", async () => {
    const acme = await otherPartner(emu);
    const theirs = await makeCustomer(acme.api, await makeTemplate(acme.api, { name: "Acme Gold" }), "acme-hq",
      { customerInfo: { name: "Acme Dental", primaryEmail: "it@acme-dental.example" } });
    await makeUser(acme.api, theirs.id, "it@acme-dental.example", "2001");
    await nextPoll();
    await nextPoll();
    expect(await page.$(card(theirs.id))).to.equal(null);
    const text = await page.textContent("body");
    expect(text).not.to.include("Acme Dental");
    expect(text).not.to.include("acme-wholesale");

    await signIn(emu.adminToken, "admin · every partner");
    await shows(card(theirs.id));
    expect(await page.locator("#customers [data-customer-id]").count()).to.equal(3);
    expect(await page.textContent("#partners")).to.include("acme-wholesale").and.include("dev-partner");
    expect(await page.isVisible("#journal th.admin-only")).to.equal(true);
    expectNoToken(await page.content(), await allTokens(emu), "the admin page");
    expect(pageErrors, pageErrors.join("\n")).to.deep.equal([]); // no script error, no blocked resource
  });

  it("saves a screenshot of the admin view", async () => {
    const dir = path.join(repoRoot, "test", "artifacts");
    mkdirSync(dir, { recursive: true });
    await nextPoll();
    await page.screenshot({ path: path.join(dir, "console.png"), fullPage: true });
    expect(existsSync(path.join(dir, "console.png"))).to.equal(true);
    // The README's image is refreshed only on request, so ordinary runs leave the tree clean.
    if (process.env.UPDATE_SCREENSHOTS === "1") await page.screenshot({ path: path.join(repoRoot, "docs", "console.png"), fullPage: true });
  });

  it("signing out forgets the token and stops polling", async () => {
    await page.click("#logout");
    await page.waitForSelector("#login-form", { state: "visible" });
    expect(await page.evaluate(() => sessionStorage.length)).to.equal(0);
    const before = requested.length;
    await page.waitForTimeout(1500);
    expect(requested.slice(before).filter((r) => r.url.includes(OVERVIEW))).to.deep.equal([]);
  });
});
