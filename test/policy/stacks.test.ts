// The policies over whole plans: the example stacks are clean, and the deliberately bad stack
// fixture (test/fixtures/stacks/Pulumi.bad.yaml with its fixture program) shows each violation.
// The fixture programs declare the real provider resources under the plan's mock runtime; what
// they do not prove is that the components, when they land, declare the same inputs.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../cli/lib/planReport";
import { RULES } from "../../policy/rules";
import { badProgram, goodProgram } from "../fixtures/policy/programs";

const FIXTURE_STACKS = path.resolve(__dirname, "../fixtures/stacks");

describe("example stacks", () => {
  it.each(["dev", "staging", "prod"])("%s: the real program's plan has no findings", async (s) => {
    const report = await buildPlan({ stack: s });
    expect(report.policy.findings).toEqual([]);
  });

  it.each(["dev", "staging", "prod"])(
    "%s: a program declaring apps, hooks, Worker and token as intended passes",
    async (s) => {
      const report = await buildPlan({ stack: s, program: goodProgram });
      expect(report.resources.length).toBeGreaterThan(8);
      expect(report.policy.findings).toEqual([]);
    },
  );
});

describe("the bad stack fixture", () => {
  it("violates every policy, each on the resource that breaks it", async () => {
    const report = await buildPlan({
      stack: "bad",
      stacksDir: FIXTURE_STACKS,
      program: badProgram,
    });
    const byPolicy = new Map<string, string[]>();
    for (const f of report.policy.findings)
      byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f.name]);
    expect(Object.fromEntries(byPolicy)).toEqual({
      "no-broad-admin-roles": ["reporting-super-admin"],
      "service-app-private-key-jwt": ["reporting-app", "reporting-app", "reporting-app"],
      "granted-scopes-match-capabilities": ["reporting-scopes"],
      "https-only-uris": ["events"],
      "hooks-authenticate": ["telephony"],
      "secrets-are-secret": ["hook-receiver", "events"],
      "prod-protects-credentials": ["servicenow-token", "servicenow-token", "reporting-app"],
      "implicit-grant-only-where-required": ["portal"],
    });
    expect(new Set(byPolicy.keys())).toEqual(new Set(RULES.map((r) => r.name)));
  });
});
