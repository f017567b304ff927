// The benchmark's honest 429 figure: failures a 429 caused are counted from the errors, not
// inferred from the exit code.
import { expect } from "chai";
import { throttlingFailures } from "../../bench/fleet-stack";

describe("bench: failures a 429 caused", () => {
  it("counts distinct error lines naming an HTTP 429 answer", () => {
    const out = [
      "  error: POST /wholesale/subscribers: HTTP 429: Too many requests [trackingId T1]",
      "  error: POST /wholesale/subscribers: HTTP 429: Too many requests [trackingId T1]", // the summary repeats it
      "  error: GET /wholesale/customers?externalId=x: HTTP 429: Too many requests [trackingId T2]",
      "  error: POST /wholesale/customers: HTTP 500 [trackingId T3]",
      "  warning: 429 throttled, all requests paused 1000ms (retry 1/5)",
    ].join("\n");
    expect(throttlingFailures(out)).to.equal(2);
  });

  it("is zero for a failed run whose errors have another cause (the exit code alone says nothing)", () => {
    expect(throttlingFailures("error: update failed\n  error: POST /wholesale/customers: HTTP 400: bad country")).to.equal(0);
  });
});
