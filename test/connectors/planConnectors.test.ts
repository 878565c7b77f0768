// The plan's per-connector view: evaluated as a preview (as `npm run plan` does) with stub
// ServiceApp and receiver pieces, each connector lists the resources under its component, the
// shared pieces it uses (created once, listed under each user) and its manual steps; the bundle
// outputs show exactly the secret fields as [secret].

import { describe, expect, it } from "vitest";
import { declareConnectors } from "../../components/connectors";
import { sharedPiecesOf } from "../../components/connectors/footprint";
import { SHARED_PIECES } from "../../components/connectors/shared";
import { loadStackConfig } from "../../config/load";
import { parseStackConfig } from "../../config/parse";
import { evaluateProgram } from "../../cli/lib/evaluate";
import { connectorPlan } from "../../cli/lib/planConnectors";
import { policyReport } from "../../cli/lib/planPolicy";
import { SECRET } from "../../cli/lib/planValue";
import { renderMarkdown, renderText } from "../../cli/lib/renderPlan";
import type { PlanReport } from "../../cli/lib/planReport";
import { editKey, exampleStack } from "../helpers/stackValues";
import { TEST_SECRETS } from "./support/config";
import { stubDeps } from "./support/stubs";

async function planOf(editConnectors?: (c: any) => unknown, environment = "dev") {
  const base = exampleStack("dev", TEST_SECRETS);
  const values = {
    ...(editConnectors ? editKey(base.values, "connectors", editConnectors) : base.values),
    "oktaplane:environment": environment,
  };
  const { config } = parseStackConfig({ stack: "dev", values, secretKeys: base.secretKeys });
  const evaluation = await evaluateProgram({
    project: "oktaplane",
    stack: "dev",
    config: values,
    secretKeys: base.secretKeys,
    // The wiring program.ts will get once ServiceApp and the hook components are merged.
    program: async () => {
      const loaded = loadStackConfig("placeholder");
      return { connectors: declareConnectors(loaded, stubDeps().deps).bundles };
    },
  });
  return { config, evaluation, connectors: connectorPlan("dev", config, evaluation.resources) };
}

const custom = (rs: { type: string; name: string; custom: boolean }[]) =>
  rs.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`);

describe("plan: resources per connector", () => {
  it("lists each connector's own resources and the shared ones it uses", async () => {
    const { connectors } = await planOf();
    const by = Object.fromEntries(connectors.map((c) => [c.id, c]));
    expect(Object.keys(by)).toEqual([
      "servicenow-spoke",
      "servicenow-voice-agent",
      "moveworks",
      "twilio-verify",
    ]);
    expect(custom(by["servicenow-spoke"]!.resources)).toEqual([
      "okta:app/oAuth:OAuth servicenow-spoke",
      "okta:index/appOauthApiScope:AppOauthApiScope servicenow-spoke-scopes",
    ]);
    expect(by["servicenow-spoke"]!.resources[0]).toEqual({
      type: "oktaplane:connectors:ServicenowSpoke",
      name: "servicenow-spoke",
      custom: false,
    });
    expect(custom(by["servicenow-voice-agent"]!.shared)).toEqual([
      "okta:index/authenticator:Authenticator okta-verify-push-authenticator",
    ]);
    expect(by.moveworks!.resources.map((r) => `${r.type} ${r.name}`)).toEqual([
      "oktaplane:connectors:Moveworks moveworks",
      "test:stub:ServiceApp moveworks",
    ]);
    expect(by["twilio-verify"]!.resources.map((r) => r.name)).toEqual([
      "twilio-verify",
      "twilio-verify-feedback",
    ]);
    expect(by["twilio-verify"]!.shared.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "test:stub:HookReceiver hook-receiver",
      "test:stub:ServiceApp hook-receiver",
      "test:stub:TelephonyProvider telephony-provider",
    ]);
    for (const c of connectors) expect(c.manualSteps.length, c.id).toBeGreaterThan(0);
  });

  it("a token shared by three connectors is one resource, listed under each", async () => {
    const { connectors, evaluation, config } = await planOf((c) => {
      c.servicenowSpoke.auth = "api-key";
      c.servicenowSpoke.apiTokenId = "00T1fxzubpqiepH11d38";
      c.moveworks.auth = "api-key";
      delete c.moveworks.groups;
    });
    const tokens = evaluation.resources.filter((r) => r.type === "okta:index/apiToken:ApiToken");
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({
      protect: true,
      retainOnDelete: true,
      importId: "00T1fxzubpqiepH11d38",
    });
    for (const c of connectors) {
      const listsToken = custom(c.shared).includes("okta:index/apiToken:ApiToken okta-api-token");
      expect(listsToken, c.id).toBe(c.id !== "twilio-verify");
      // The config-only footprint agrees with what was declared.
      expect(sharedPiecesOf(c.id as never, config).includes("apiToken"), c.id).toBe(listsToken);
    }
    expect(SHARED_PIECES.apiToken).toBe("okta-api-token");
  });

  it("bundle outputs in the plan show [secret] for exactly the secret fields", async () => {
    const { evaluation } = await planOf();
    const bundles = evaluation.outputs["connectors"] as Record<string, any>;
    let secrets = 0;
    for (const bundle of Object.values(bundles)) {
      for (const f of bundle.fields) {
        expect(f.value === SECRET, `${bundle.connector} ${f.name}`).toBe(f.secret);
        if (f.secret) secrets++;
      }
    }
    expect(secrets).toBe(3);
    expect(JSON.stringify(evaluation.outputs)).not.toContain(TEST_SECRETS.oktaApiToken);
  });

  it("renders per connector in text and Markdown", async () => {
    const { connectors } = await planOf();
    const report = {
      version: 1,
      project: "oktaplane",
      stack: "dev",
      environment: "dev",
      orgUrl: "https://dev-31415926.oktapreview.com",
      resources: [],
      counts: { total: 0, byType: {} },
      connectors,
      outputs: {},
      deployerScopes: { scopes: [], unmapped: [] },
      readOnlyScopes: { scopes: [], unmapped: [] },
      policy: { findings: [] },
      missingSecrets: [],
      elapsedMs: 0,
    } satisfies PlanReport;
    const text = renderText(report);
    expect(text).toContain("Connectors (4)");
    expect(text).toContain(
      "  servicenow-spoke · ServiceNow Okta spoke: Configure Connection (OAuth)",
    );
    expect(text).toContain("    adds    okta:app/oAuth:OAuth servicenow-spoke");
    expect(text).toContain(
      "    shares  okta:index/authenticator:Authenticator okta-verify-push-authenticator",
    );
    expect(text).toMatch(/manual 1\. In Twilio, enable Custom Code/);
    const md = renderMarkdown(report);
    expect(md).toContain("- adds `okta:app/oAuth:OAuth servicenow-spoke`");
    expect(md).toMatch(/- \[ \] In Twilio, enable Custom Code/);
  });

  it("the plan of an unwired program says nothing is declared yet, with the manual steps", async () => {
    const text = renderText({
      connectors: connectorPlan("dev", (await planOf()).config, []),
      resources: [],
      counts: { total: 0, byType: {} },
      outputs: {},
      deployerScopes: { scopes: [], unmapped: [] },
      readOnlyScopes: { scopes: [], unmapped: [] },
      policy: { findings: [] },
      missingSecrets: [],
    } as unknown as PlanReport);
    expect(text).toContain("adds: nothing declared yet");
  });

  it.each([
    ["OAuth spoke (implicit grant, nine scopes)", undefined],
    [
      "API-key spoke with an imported token",
      (c: any) => {
        c.servicenowSpoke.auth = "api-key";
        c.servicenowSpoke.apiTokenId = "00T1fxzubpqiepH11d38";
      },
    ],
  ])("the policy pack finds nothing to fault in prod: %s", async (_name, edit) => {
    const { config, evaluation } = await planOf(edit, "prod");
    const findings = policyReport("prod", config, evaluation.resources).findings;
    expect(findings.map((f) => `${f.policy} ${f.name}: ${f.message}`)).toEqual([]);
  });
});
