import { expect } from "chai";
import * as wire from "webex-wholesale-wire";

describe("wire schemas", () => {
  it("refuses a subscriber body with both package and packages, naming the field", () => {
    const r = wire.SubscriberProvisionRequest.safeParse({
      customerId: "c", email: "a@b.example", package: "webex_calling", packages: ["webex_calling"], provisioningParameters: {},
    });
    expect(r.success).to.equal(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).to.include("package");
  });
  it("round-trips Webex ids", () => {
    const id = wire.encodeWebexId("ENTERPRISE", "52cf576d-60a8-407a-b22c-467c51591908");
    expect(wire.decodeWebexId(id)).to.deep.equal({ region: "us", type: "ENTERPRISE", uuid: "52cf576d-60a8-407a-b22c-467c51591908" });
    expect(id).to.not.match(/[=+/]/);
  });
  it("reports package dependency violations with their index", () => {
    expect(wire.customerPackageViolations(["cisco_calling_plan"])).to.have.length(1);
    expect(wire.customerPackageViolations(["webex_calling", "cisco_calling_plan"])).to.deep.equal([]);
  });
});

describe("admin package rule", () => {
  it("requires the org's highest package for its administrator", () => {
    expect(wire.adminPackageViolations(["webex_calling", "webex_meetings"], "webex_calling")).to.deep.equal([]);
    expect(wire.adminPackageViolations(["webex_calling", "webex_meetings"], "webex_meetings")).to.have.length(1);
    expect(wire.adminPackageViolations(["webex_meetings"], "webex_meetings")).to.deep.equal([]);
    expect(wire.adminPackageViolations(["webex_suite", "cisco_calling_plan"], "webex_calling")[0]!.message).to.match(/webex_suite/);
  });
});
