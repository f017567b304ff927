import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "../../scripts/generate";

const root = path.resolve(__dirname, "../..");

describe("generated files match the zod declarations", () => {
  for (const [rel, make] of Object.entries(generatedFiles())) {
    it(`${rel} is up to date (run \`make generate\` after changing an argument)`, () => {
      const current = fs.readFileSync(path.join(root, rel), "utf8");
      expect(current === make(current), `${rel} is stale`).to.equal(true);
    });
  }

  it("schema.json declares the three resources with required inputs and replace marks", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
    const org = schema.resources["webex-wholesale:index:CustomerOrg"];
    expect(org.requiredInputs).to.include.members(["provisioningId", "externalId", "name", "adminEmail", "country", "packages", "headquarters"]);
    expect(org.inputProperties.provisioningId.willReplaceOnChanges).to.equal(true);
    expect(org.inputProperties.packages.willReplaceOnChanges).to.equal(undefined);
    expect(org.properties.customerId.description).to.be.a("string").and.not.empty;
    expect(schema.config.variables.token.secret).to.equal(true);
    for (const r of Object.values<any>(schema.resources)) {
      for (const p of Object.values<any>(r.properties)) expect(p.description, JSON.stringify(p)).to.be.a("string").and.not.empty;
    }
  });
});
