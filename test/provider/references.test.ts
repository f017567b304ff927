// Stable references (lifecycle/references.ts) and check failures worded for the engine
// (lifecycle/reported.ts), without the engine.
import { expect } from "chai";
import { restoreStableReferences, SOURCE_IDS } from "../../provider/src/lifecycle/references";
import { engineFailures } from "../../provider/src/lifecycle/reported";
import { UNKNOWN } from "../../provider/src/lifecycle/unknowns";

describe("references that stay known at preview", () => {
  const olds = { provisioningId: "P1", name: "Pizza", [SOURCE_IDS]: { provisioningId: "T1" } };

  it("keeps the recorded value when the source's id is known and unchanged (the source is only updated)", () => {
    const news = restoreStableReferences(olds, { provisioningId: UNKNOWN, name: "Pizza" }, { provisioningId: "T1" });
    expect(news.provisioningId).to.equal("P1");
  });

  it("leaves it unknown when the source is (re)created or another one: a genuine change still shows", () => {
    expect(restoreStableReferences(olds, { provisioningId: UNKNOWN }, { provisioningId: UNKNOWN }).provisioningId).to.equal(UNKNOWN);
    expect(restoreStableReferences(olds, { provisioningId: UNKNOWN }, { provisioningId: "T2" }).provisioningId).to.equal(UNKNOWN);
    // Nothing recorded yet (a state written before source ids existed): conservative.
    expect(restoreStableReferences({ provisioningId: "P1" }, { provisioningId: UNKNOWN }, { provisioningId: "T1" }).provisioningId).to.equal(UNKNOWN);
  });

  it("never overrides a known value (up, or a source not being updated)", () => {
    expect(restoreStableReferences(olds, { provisioningId: "P9" }, { provisioningId: "T1" }).provisioningId).to.equal("P9");
  });
});

describe("check failures as the engine prints them", () => {
  const given = { externalId: "crm-1", headquarters: { city: "" }, packages: ["webex_calling", "nope"] };

  it("keeps a top-level property with a value (the engine prints it, redacted when secret)", () => {
    expect(engineFailures([{ property: "externalId", reason: "bad" }], given)).to.deep.equal([{ property: "externalId", reason: "bad" }]);
  });

  it("reports a nested path on its top-level argument, with the path in the reason", () => {
    expect(engineFailures([{ property: "packages[1]", reason: "unknown package" }], given))
      .to.deep.equal([{ property: "packages", reason: "packages[1]: unknown package" }]);
    expect(engineFailures([{ property: "headquarters.city", reason: "empty" }], given))
      .to.deep.equal([{ property: "headquarters", reason: "headquarters.city: empty" }]);
  });

  it("says that an unset property is unset instead of printing {<nil>}", () => {
    expect(engineFailures([{ property: "headquarters.timezone", reason: "needed" }], given))
      .to.deep.equal([{ property: "", reason: "property headquarters.timezone is not set: needed" }]);
  });
});
