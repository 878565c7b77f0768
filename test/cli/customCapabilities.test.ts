// Custom capabilities end to end: a stack file defining its own (test/fixtures/stacks/
// Pulumi.custom.yaml) through config → the real program under the plan's mock runtime → the plan
// (text, Markdown, JSON) → the policies, as `npm run plan` and the CrossGuard pack evaluate them.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planJson } from "../../cli/lib/planJson";
import { buildPlan, type PlanReport } from "../../cli/lib/planReport";
import { renderMarkdown, renderText } from "../../cli/lib/renderPlan";
import { readStackFile } from "../../cli/lib/stackFile";
import { resourceSetOf } from "../../components/serviceAppPlan";
import { loadContext } from "../../policy/pack";
import { TYPES, evaluateRules, type CheckedResource } from "../../policy/rules";

const STACKS = path.resolve(__dirname, "../fixtures/stacks");
const ORG = "https://dev-31415926.oktapreview.com";
const G1 = "00g1a2b3c4d5e6f7g8h9";
const G2 = "00g9h8g7f6e5d4c3b2a1";

let report: PlanReport;
beforeAll(async () => {
  report = await buildPlan({ stack: "custom", stacksDir: STACKS });
}, 60_000);

const inputsOf = (type: string, name: string) =>
  report.resources.find((r) => r.type === type && r.name === name)?.inputs;

describe("the plan of a stack with custom capabilities", () => {
  it("lists each one with its scopes, roles, custom role and the apps that use it", () => {
    expect(report.customCapabilities).toEqual([
      {
        name: "app-reader",
        description: "Read one integration",
        scopes: ["okta.apps.read"],
        roles: [],
        customRole: {
          key: "cap-app-reader",
          permissions: ["okta.apps.read"],
          resources: { kind: "apps", ids: ["0oa1a2b3c4d5e6f7g8h9"] },
        },
        usedBy: [],
      },
      {
        name: "eu-helpdesk",
        description: "Reset passwords of the EU groups' members",
        scopes: ["okta.users.manage", "okta.users.read"],
        roles: [],
        customRole: {
          key: "cap-eu-helpdesk",
          permissions: ["okta.users.credentials.resetPassword", "okta.users.read"],
          resources: { kind: "group-members", ids: [G1, G2] },
        },
        usedBy: ["helpdesk"],
      },
      {
        name: "siem-export",
        description: "Read the System Log for the SIEM",
        scopes: ["okta.logs.read"],
        roles: ["REPORT_ADMIN"],
        customRole: null,
        usedBy: ["siem"],
      },
    ]);
  });

  it("declares exactly the grants and roles the capabilities define", () => {
    const grantsAndRoles = report.resources
      .filter((r) => r.type === TYPES.apiScope || r.type === TYPES.roleAssignment)
      .map((r) => `${r.name} ${JSON.stringify(r.inputs["scopes"] ?? r.inputs["type"])}`)
      .sort();
    expect(grantsAndRoles).toEqual([
      'helpdesk-role-custom-cap-eu-helpdesk "CUSTOM"',
      'helpdesk-role-read-only-admin "READ_ONLY_ADMIN"',
      'helpdesk-scopes ["okta.apps.read","okta.groups.read","okta.users.manage","okta.users.read"]',
      'siem-role-report-admin "REPORT_ADMIN"',
      'siem-scopes ["okta.logs.read"]',
    ]);
    const set = resourceSetOf({ kind: "group-members", ids: [G1, G2] }, []);
    expect(inputsOf("okta:index/resourceSet:ResourceSet", `admin-roles-set-${set.key}`)).toEqual({
      label: `oktaplane custom ${set.key}`,
      description: `Users in groups ${G1}, ${G2}`,
      resources: [`${ORG}/api/v1/groups/${G1}/users`, `${ORG}/api/v1/groups/${G2}/users`],
    });
    // An unused definition creates nothing in Okta.
    expect(report.resources.filter((r) => r.name.includes("app-reader"))).toEqual([]);
  });

  it("passes every policy", () => {
    expect(report.policy.findings).toEqual([]);
  });

  it("shows them in text, Markdown and the documented JSON", () => {
    const text = renderText(report);
    expect(text).toContain("Custom capabilities (3, oktaplane:capabilities)");
    expect(text).toContain(
      "  siem-export · Read the System Log for the SIEM · used by siem\n" +
        "    scopes       okta.logs.read\n" +
        "    roles        REPORT_ADMIN\n",
    );
    expect(text).toContain(
      `    custom role  cap-eu-helpdesk: okta.users.credentials.resetPassword, okta.users.read on users in groups ${G1}, ${G2}`,
    );
    expect(text).toContain("  app-reader · Read one integration · unused: no service app lists it");
    expect(renderMarkdown(report)).toContain(
      "| `siem-export` | Read the System Log for the SIEM | `okta.logs.read` | `REPORT_ADMIN` | none | `siem` |",
    );
    const json = planJson.parse(JSON.parse(JSON.stringify(report)));
    expect(json["customCapabilities"]).toEqual(report.customCapabilities);
  });
});

describe("the policy pack with custom capabilities", () => {
  // A grant under its app's component, as ServiceApp declares it.
  const grant = (app: string, scopes: string[]): CheckedResource => ({
    urn: `urn:pulumi:custom::oktaplane::${TYPES.apiScope}::${app}-scopes`,
    type: TYPES.apiScope,
    name: `${app}-scopes`,
    ancestors: [app],
    inputs: { scopes },
    protect: false,
    retainOnDelete: false,
  });

  it("reads them from the stack's config and allows an app exactly their scopes", async () => {
    // The config as the engine hands it to the pack (PULUMI_CONFIG), from the same stack file.
    const { values } = await readStackFile("custom", STACKS);
    const context = loadContext("custom", { PULUMI_CONFIG: JSON.stringify(values) });
    expect(context.apps?.["siem"]?.scopes).toEqual(["okta.logs.read"]);
    const findings = evaluateRules(
      [
        grant("siem", ["okta.logs.read"]),
        grant("helpdesk", ["okta.users.manage", "okta.logs.read"]),
      ],
      context,
    );
    expect(findings.map((f) => `${f.policy} ${f.name}: ${f.message}`)).toEqual([
      "granted-scopes-match-capabilities helpdesk-scopes: grants okta.logs.read: not needed by the capabilities of app helpdesk",
    ]);
  });
});
