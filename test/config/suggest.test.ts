// The one "did you mean" helper: typos (a swap, a missing or extra letter) are one edit, case is
// ignored, and a short or far-off word suggests nothing rather than something misleading.

import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "../../config/suggest";

describe("editDistance", () => {
  it.each([
    ["json", "json", 0],
    ["jsno", "json", 1],
    ["stagin", "staging", 1],
    ["Prod", "prod", 0],
    ["prd", "prod", 1],
    ["kitten", "sitting", 3],
  ])("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("closest", () => {
  const stacks = ["dev", "staging", "prod"];
  it("finds the candidate a typo meant", () => {
    expect(closest("stagign", stacks)).toBe("staging");
    expect(closest("prdo", stacks)).toBe("prod");
    expect(closest("--markdwon", ["--json", "--markdown", "--stack"])).toBe("--markdown");
  });

  it("suggests nothing for a short or distant word", () => {
    expect(closest("qa", stacks)).toBeUndefined();
    expect(closest("production", stacks)).toBeUndefined();
    expect(closest("zendesk", ["moveworks", "twilio-verify"])).toBeUndefined();
  });

  it("breaks ties alphabetically, whatever the order given", () => {
    expect(closest("pat", ["pet", "pan"])).toBe("pan");
    expect(closest("pat", ["pan", "pet"])).toBe("pan");
  });
});

describe("didYouMean", () => {
  it("formats the suggestion, or nothing", () => {
    expect(didYouMean("devv", ["dev", "prod"])).toBe(' (did you mean "dev"?)');
    expect(didYouMean("dev", ["dev", "prod"])).toBe("");
    expect(didYouMean("xyz", ["dev", "prod"])).toBe("");
  });
});
