// `npm run plan` with the policies: findings in text, JSON (report.policy.findings) and
// Markdown, and exit 1 (problems found) when a mandatory policy is violated.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlanCli } from "../../cli/plan";
import { buildPlan, type PlanOptions, type PlanReport } from "../../cli/lib/planReport";
import { badProgram } from "../fixtures/policy/programs";
import { capture, skipTypeCheck } from "./support/planCli";

const FIXTURE_STACKS = path.resolve(__dirname, "../fixtures/stacks");

const badBuild = (o: PlanOptions) =>
  buildPlan({ ...o, stacksDir: FIXTURE_STACKS, program: badProgram });

describe("plan with policy findings", () => {
  it("exits 0 for the dev stack and says there are no violations", async () => {
    const io = capture();
    expect(await runPlanCli(["--stack", "dev"], io, { typeCheck: skipTypeCheck })).toBe(0);
    expect(io.stdout()).toContain("Policy: no violations");
    expect(io.stderr()).toContain("0 policy findings");
  });

  it("prints the findings and exits 1 on mandatory violations (text)", async () => {
    const io = capture();
    expect(
      await runPlanCli(["--stack", "bad", "--stacks-dir", FIXTURE_STACKS], io, {
        build: badBuild,
        typeCheck: skipTypeCheck,
      }),
    ).toBe(1);
    expect(io.stdout()).toContain("Policy: 12 mandatory, 1 advisory");
    expect(io.stdout()).toMatch(
      /✗ no-broad-admin-roles {2}okta:app\/oauthRoleAssignment:OauthRoleAssignment {2}reporting-super-admin: assigns SUPER_ADMIN/,
    );
    expect(io.stdout()).toMatch(/! implicit-grant-only-where-required .* portal: enables/);
    expect(io.stdout()).toContain("fix: Grant the narrow capability instead");
    expect(io.stderr()).toContain("12 mandatory policy violation(s)");
  });

  it("puts the findings in the JSON report under policy.findings", async () => {
    const io = capture();
    expect(
      await runPlanCli(["--stack", "bad", "--stacks-dir", FIXTURE_STACKS, "--json"], io, {
        build: badBuild,
        typeCheck: skipTypeCheck,
      }),
    ).toBe(1);
    const report = JSON.parse(io.stdout()) as PlanReport;
    expect(report.policy.findings).toContainEqual({
      policy: "https-only-uris",
      enforcementLevel: "mandatory",
      urn: "urn:pulumi:bad::oktaplane::okta:index/eventHook:EventHook::events",
      type: "okta:index/eventHook:EventHook",
      name: "events",
      message: 'channel.uri "http://okta-hooks.acme.com/events" uses http; it must be https://',
      remediation: expect.stringContaining("https://"),
    });
  });

  it("renders a findings table in Markdown, for the PR comment", async () => {
    const io = capture();
    expect(
      await runPlanCli(["--stack", "bad", "--stacks-dir", FIXTURE_STACKS, "--markdown"], io, {
        build: badBuild,
        typeCheck: skipTypeCheck,
      }),
    ).toBe(1);
    expect(io.stdout()).toContain("**Policy: 12 mandatory, 1 advisory**");
    expect(io.stdout()).toContain("| Level | Policy | Resource | Violation | Fix |");
    expect(io.stdout()).toContain(
      "| mandatory | `secrets-are-secret` | `events` (`okta:index/eventHook:EventHook`) | auth.value is plain text |",
    );
  });

  it("exits 0 when the only findings are advisory", async () => {
    const io = capture();
    const advisoryOnly = async (o: PlanOptions) => {
      const report = await badBuild(o);
      const findings = report.policy.findings.filter((f) => f.enforcementLevel === "advisory");
      return { ...report, policy: { findings } };
    };
    expect(
      await runPlanCli(["--stack", "bad", "--stacks-dir", FIXTURE_STACKS], io, {
        build: advisoryOnly,
        typeCheck: skipTypeCheck,
      }),
    ).toBe(0);
    expect(io.stdout()).toContain("Policy: 0 mandatory, 1 advisory");
  });
});
