// The report: `--json` has exactly the shape docs/REHEARSE.md documents, text and Markdown show
// every section, and no generated secret, token or passphrase is printed in any format. Reports
// come from rehearsals against the Pulumi STAND-IN (see support/pulumi-stand-in.cjs).

import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown, renderText } from "../../cli/rehearse/render";
import { problemsOf, type RehearseReport } from "../../cli/rehearse/report";
import { CREATE_APP, devScenario, STACK, APP } from "./support/devScenario";
import { runRehearse, type RunResult } from "./support/run";
import { failedEvents } from "./support/scenario";

const DOC = readFileSync(path.join(__dirname, "../../docs/REHEARSE.md"), "utf8");
/** Fields the documented example shows that a given report may lack. */
const OPTIONAL = new Set(["phases[].faultInjected", "cleanup[].error"]);

function documentedExample(): unknown {
  const block = /## The report[\s\S]*?```json\n([\s\S]*?)\n```/.exec(DOC)?.[1];
  if (block === undefined) throw new Error("docs/REHEARSE.md has no JSON example under The report");
  return JSON.parse(block);
}

/** Paths present in `actual` but not documented, and documented ones `actual` lacks. */
function compareShape(doc: unknown, actual: unknown, at = ""): string[] {
  if (Array.isArray(doc) && Array.isArray(actual)) {
    if (doc.length === 0 || actual.length === 0) return [];
    return actual.flatMap((item) => compareShape(doc[0], item, `${at}[]`));
  }
  const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObj(doc) && isObj(actual)) {
    const d = doc as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    // Maps keyed by data (counts per type, phase, status, op; backoff values) are not fields.
    if (["byType", "steps", "byPhase", "statuses"].some((k) => at.endsWith(k))) return [];
    const problems: string[] = [];
    for (const key of Object.keys(a)) if (!(key in d)) problems.push(`undocumented: ${at}.${key}`);
    for (const key of Object.keys(d)) {
      const p = `${at}.${key}`.replace(/^\./, "");
      if (!(key in a)) {
        if (!OPTIONAL.has(p)) problems.push(`missing: ${p}`);
      } else problems.push(...compareShape(d[key], a[key], p));
    }
    return problems;
  }
  if (doc === null || actual === null) return [];
  return typeof doc === typeof actual
    ? []
    : [`type of ${at}: documented ${typeof doc}, got ${typeof actual}`];
}

let happy: RunResult;
let failing: RunResult;
beforeAll(async () => {
  happy = await runRehearse(devScenario());
  failing = await runRehearse(
    devScenario({
      up: [
        {
          exitCode: 255,
          requests: [CREATE_APP, { method: "GET", path: "/api/v1/policies?type=ACCESS_POLICY" }],
          events: failedEvents(STACK, APP, "error: listing policies: 403 E0000006"),
        },
        devScenario().up![0]!,
      ],
    }),
    { argv: ["--json", "--fault", "createApplication:429x1"], scopes: ["okta.apps.manage"] },
  );
}, 120_000);

describe("rehearse --json", () => {
  it("has exactly the documented fields (docs/REHEARSE.md)", () => {
    const doc = documentedExample();
    for (const run of [happy, failing]) {
      expect(run.report).toBeDefined();
      expect(compareShape(doc, run.report)).toEqual([]);
    }
  });

  it("is versioned and says ok or lists its problems", () => {
    expect(happy.report).toMatchObject({ version: 1, stack: "dev", ok: true, problems: [] });
    expect(failing.report?.ok).toBe(false);
    expect(failing.report?.problems.length).toBeGreaterThan(0);
    expect(failing.code).toBe(1);
  });
});

describe("what counts as a problem", () => {
  it("a stack with no service app to edit has its drift not checked, which is no problem", () => {
    const report = happy.report!;
    expect(problemsOf({ ...report, drift: { edit: null, seen: false, changes: [] } })).toEqual([]);
    expect(problemsOf({ ...report, drift: { ...report.drift!, seen: false } })).toEqual([
      "drift not seen: `pulumi preview --refresh` proposed no change after the console edit of okta:app/oAuth:OAuth",
    ]);
  });
});

describe("rehearse text and Markdown", () => {
  const report = () => happy.report as RehearseReport;

  it("text shows the verdict, phases, calls per bucket, floor, 403s/429s, preview, drift, round trip, cleanup and time", () => {
    const text = renderText(report());
    for (const needle of [
      "Rehearsal of stack dev: PASSED",
      "deployer scopes (plan): okta.appGrants.manage, okta.apps.manage",
      "Okta provider backoff: minWaitSeconds 1 (yours 30), maxWaitSeconds 2 (yours 120), requestTimeout 30 (yours 180)",
      "Phases",
      "up ",
      "destroy",
      "grantConsentToScope",
      "api/v1/apps",
      "real-time floor of this deploy under the org's limits: 2.3 s, set by api/v1/apps (3 calls at 80 % of 100/min)",
      "403s: none",
      "429s: none",
      "Second preview: empty",
      'Drift: console edit of okta:app/oAuth:OAuth label "oktaplane dev reporting" → "oktaplane dev reporting (edited)": seen by pulumi preview --refresh',
      "ok event hook verification",
      "ok telephony",
      "ok event feedback",
      "Integrity: 1 apps in the state, no orphaned app, every JWKS as declared",
      "Cleanup: temporary directory removed, simulators removed",
      "Time: ",
      "retained on delete: okta-verify",
    ])
      expect(text).toContain(needle);
  });

  it("text of a failing rehearsal lists the failure, the 403 with its scope and the 429", () => {
    const text = renderText(failing.report!);
    expect(text).toMatch(/^Rehearsal of stack dev: FAILED \(\d+ problems\)/);
    expect(text).toContain("failed (fault injected)");
    expect(text).toContain("up: reporting-app: error: listing policies: 403 E0000006");
    expect(text).toContain(
      "listPolicies (GET /api/v1/policies) by deployer: missing okta.policies.read",
    );
    expect(text).toMatch(/up: createApplication \(api\/v1\/apps\) by deployer at /);
    expect(text).toContain(
      "- 403 on listPolicies during up: the deployer lacks okta.policies.read",
    );
  });

  it("Markdown has the phase table, the bucket table and a Mermaid chart of the deploy's calls", () => {
    const md = renderMarkdown(report());
    expect(md).toContain("### Rehearsal of `dev`: passed");
    expect(md).toContain("| phase | result | steps | Okta calls | time |");
    expect(md).toContain("| `api/v1/apps` | 3 | 3 | 100 | 2.3 s |");
    expect(md).toContain(
      '```mermaid\npie showData title Okta calls of the deploy per rate-limit bucket\n  "api/v1/apps" : 3\n',
    );
    expect(md).toContain("- **Second preview:** empty");
    const failed = renderMarkdown(failing.report!);
    expect(failed).toContain("**Problems**");
    expect(failed).toContain("| up | failed (fault injected) |");
  });

  it("prints no generated secret, token or passphrase in any format", async () => {
    for (const argv of [["--json"], ["--markdown"], []]) {
      const run = await runRehearse(devScenario(), { argv });
      const up = run.calls.find((c) => c.key === "up")!;
      const secrets = [
        up.env["OKTA_ACCESS_TOKEN"]!,
        up.env["PULUMI_CONFIG_PASSPHRASE"]!,
        up.env["CLOUDFLARE_API_TOKEN"]!,
        ...run.calls.filter((c) => c.key === "config set").map((c) => c.stdin),
      ];
      for (const s of secrets) {
        expect(s.length).toBeGreaterThan(8);
        expect(run.stdout).not.toContain(s);
        expect(run.stderr).not.toContain(s);
      }
    }
  });
});
