// Cleartext refusal at configuration time, on every way a setting arrives: stack config, the
// environment, and the native provider's CheckConfig (preview fails before any request).
import { expect } from "chai";
import { ConfigError, settingsFromConfig } from "../../provider/src/config";
import { checkProviderConfig } from "../../provider/src/native/provider-config";

const config = (values: Record<string, string>) => (key: string) => values[key];
const REMOTE = "http://webex-gateway.example/v1";

describe("configuration: plain http only to loopback unless insecure", () => {
  it("refuses http:// to a remote host from stack config, naming the setting and its variable", () => {
    const err = (() => {
      try {
        settingsFromConfig(config({ "webex-wholesale:baseUrl": REMOTE, "webex-wholesale:token": "t" }), {});
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(err).to.be.instanceOf(ConfigError);
    expect(err!.key).to.equal("baseUrl");
    expect(err!.message).to.contain("webex-wholesale:insecure").and.contain("WEBEX_WHOLESALE_INSECURE").and.contain("cleartext");
  });

  it("accepts it with insecure: true from stack config or from WEBEX_WHOLESALE_INSECURE", () => {
    expect(settingsFromConfig(config({ "webex-wholesale:baseUrl": REMOTE, "webex-wholesale:token": "t", "webex-wholesale:insecure": "true" }), {}).insecure).to.equal(true);
    expect(settingsFromConfig(config({}), { WEBEX_WHOLESALE_BASE_URL: REMOTE, WEBEX_WHOLESALE_TOKEN: "t", WEBEX_WHOLESALE_INSECURE: "true" }).baseUrl).to.equal(REMOTE);
  });

  it("the environment alone (no stack config) is refused the same way", () => {
    expect(() => settingsFromConfig(config({}), { WEBEX_WHOLESALE_BASE_URL: REMOTE, WEBEX_WHOLESALE_TOKEN: "t" })).to.throw(ConfigError, /webex-wholesale:insecure/);
  });

  it("loopback and https need nothing; a malformed insecure value is named", () => {
    for (const url of ["http://127.0.0.1:8787/v1", "http://localhost:8787/v1", "https://webexapis.com/v1"]) {
      expect(settingsFromConfig(config({ "webex-wholesale:baseUrl": url, "webex-wholesale:token": "t" }), {}).baseUrl).to.equal(url);
    }
    expect(() => settingsFromConfig(config({ "webex-wholesale:baseUrl": REMOTE, "webex-wholesale:token": "t", "webex-wholesale:insecure": "maybe" }), {}))
      .to.throw(ConfigError, /webex-wholesale:insecure \(or WEBEX_WHOLESALE_INSECURE\) must be true or false/);
  });

  it("the native provider's CheckConfig reports it on baseUrl (so preview fails before any request)", () => {
    const r = checkProviderConfig({ baseUrl: REMOTE, token: "t" });
    expect(r.failures.map((f) => f.property)).to.deep.equal(["baseUrl"]);
    expect(r.failures[0]!.reason).to.contain("webex-wholesale:insecure");
    expect(checkProviderConfig({ baseUrl: REMOTE, token: "t", insecure: "true" }).failures).to.deep.equal([]);
  });
});
