import { startEmulator } from "./backend/src";
import { seedEstate } from "./test/support/estate";
import { api } from "./test/support/emulator-api";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
(async () => {
  const emu = await startEmulator({ delayMs: 0 });
  const s = await seedEstate(emu, { customers: 1, usersPerCustomer: 3 });
  const c = (await api(emu, "GET", "/wholesale/customers")).body.items[0];
  console.log(JSON.stringify((await api(emu, "GET", `/locations?orgId=${c.orgId}`)).body));
  console.log(JSON.stringify((await api(emu, "GET", `/wholesale/subscribers`)).body.items.map((x: any) => x.locationId)));
  try {
    const out = await promisify(execFile)("node", ["provider/dist/export/cli.js", "--out", "/tmp/f17-out", "--force"], { env: { ...process.env, WEBEX_WHOLESALE_BASE_URL: emu.baseUrl, WEBEX_WHOLESALE_TOKEN: emu.devToken }, encoding: "utf8" });
    console.log(out.stdout, out.stderr);
  } catch (e) { console.log((e as any).stdout, (e as any).stderr); }
  await emu.close();
})();
