// One adoption put together from a stack's plan and a hand-made org read through the Okta
// simulator: the seeds' org yields the import map, the kept key, the audit with the vendors'
// requirements and the import file; the messy org (1,500 apps across pages) yields what is
// refused and what is not managed; no secret ever reaches the result.

import { beforeAll, describe, expect, it } from "vitest";
import { planAdoption, type AdoptionResult } from "../../cli/adopt/adoption";
import { readScopes, READ_OPERATIONS } from "../../cli/adopt/readOperations";
import {
  AUDITOR_DELETED,
  AUDITOR_LIVE,
  AUDITOR_OLD,
  FEEDBACK_HOOK,
  HOOK_AUTH_SECRET,
  messyOrg,
  MOVEWORKS_APP,
  OKTA_VERIFY,
  REPORTING_A,
  REPORTING_B,
  seededOrg,
  SPOKE_APP,
  SPOKE_CLIENT_SECRET,
  SPOKE_TOKEN,
  TELEPHONY_HOOK,
} from "./support/orgs";
import { scanned } from "./support/sim";
import { MESSY_STACK, planned, SEEDED_STACK, SPOKE_KEY_STACK, stacksDir } from "./support/stacks";

let seeded: AdoptionResult;
let messy: AdoptionResult;
let spokeKey: AdoptionResult;
beforeAll(async () => {
  const dir = stacksDir({ seeded: SEEDED_STACK, messy: MESSY_STACK, key: SPOKE_KEY_STACK });
  const s = await planned("seeded", dir);
  seeded = planAdoption(
    s.desired,
    await scanned(seededOrg(), s.desired),
    s.plan.resources,
    s.plan.missingSecrets,
  );
  const m = await planned("messy", dir);
  messy = planAdoption(m.desired, await scanned(messyOrg(1500), m.desired), m.plan.resources);
  const k = await planned("key", dir);
  spokeKey = planAdoption(
    k.desired,
    await scanned(seededOrg(), k.desired),
    k.plan.resources,
    k.plan.missingSecrets,
  );
});

describe("the seeds' org", () => {
  it("imports every hand-made object the stack declares, with the provider's import ids", () => {
    expect(seeded.adopt.import).toEqual({
      moveworks: MOVEWORKS_APP,
      "moveworks-scopes": MOVEWORKS_APP,
      "moveworks-role-read-only-admin": `${MOVEWORKS_APP}/JBCUYUC7IRCVGS27IF000001`,
      "moveworks-role-user-admin": `${MOVEWORKS_APP}/JBCUYUC7IRCVGS27IF000002`,
      "moveworks-role-app-admin": `${MOVEWORKS_APP}/JBCUYUC7IRCVGS27IF000003`,
      "servicenow-spoke": SPOKE_APP,
      "servicenow-spoke-scopes": SPOKE_APP,
      "twilio-verify-feedback-hook": FEEDBACK_HOOK,
      "telephony-provider-hook": TELEPHONY_HOOK,
      "okta-verify-push-authenticator": OKTA_VERIFY,
    });
    expect(seeded.problems).toEqual([]);
  });

  it("warns that an app holding admin roles needs a privileged enough deployer for its update", () => {
    const app = seeded.decisions.find((d) => d.name === "moveworks")!;
    expect(app.notes).toContain(
      "it holds READ_ONLY_ADMIN, USER_ADMIN, APP_ADMIN, HELP_DESK_ADMIN, REPORT_ADMIN: deploy the first up " +
        "with a credential at least as privileged, or Okta refuses the update (terraform-provider-okta#2025)",
    );
  });

  it("keeps the Moveworks console key published and plans the vendor's switch", () => {
    expect(seeded.adopt.publishedKeys["moveworks"]!.map((k) => k.kid)).toEqual(["mw-console-2024"]);
    const plan = seeded.keys.find((k) => k.app === "moveworks")!;
    expect(plan.steps).toHaveLength(4);
    expect(plan.steps[1]).toContain("npm run handoff -- --stack seeded --connector moveworks");
    expect(plan.steps[3]).toContain(
      "Remove oktaplane:adopt.publishedKeys.moveworks and run pulumi up",
    );
  });

  it("infers Moveworks' three capabilities and reports what it holds beyond the declared two", () => {
    const audit = seeded.audits.find((a) => a.name === "moveworks")!;
    expect(audit.inferred.map((c) => c.capability)).toEqual([
      "read-only",
      "software-provisioning",
      "password-mfa-help",
      "moveworks-scopes",
    ]);
    expect(audit.matches).toEqual(["moveworks-scopes", "read-only", "software-provisioning"]);
    expect(audit.adds).toEqual({ scopes: [], roles: [] });
    expect(audit.beyond.map((b) => [b.kind, b.privilege, b.capability ?? null, b.vendor])).toEqual([
      ["scope", "okta.policies.read", null, "no vendor guide of this app asks for it"],
      ["scope", "okta.roles.manage", null, "no vendor guide of this app asks for it"],
      [
        "role",
        "HELP_DESK_ADMIN",
        "password-mfa-help",
        "Moveworks: Okta access requirements (moveworks-okta-access-requirements.txt): passwords, unlock, MFA reset: Help Desk Admin, Report Admin",
      ],
      [
        "role",
        "REPORT_ADMIN",
        "password-mfa-help",
        "Moveworks: Okta access requirements (moveworks-okta-access-requirements.txt): passwords, unlock, MFA reset: Help Desk Admin, Report Admin",
      ],
    ]);
    expect(audit.beyond[0]!.fate).toBe(
      "pulumi up revokes it (the imported grant set becomes the declared one)",
    );
    expect(audit.beyond[2]!.fate).toContain("left in place and not managed by this stack");
    expect(audit.keep).toEqual([
      {
        capability: "password-mfa-help",
        how: "add password-mfa-help to oktaplane:connectors.moveworks.capabilities",
      },
    ]);
  });

  it("finds the ServiceNow spoke's app holding exactly its nine scopes", () => {
    const audit = seeded.audits.find((a) => a.name === "servicenow-spoke")!;
    expect(audit.held.scopes).toHaveLength(9);
    expect(audit.beyond).toEqual([]);
    expect(audit.matches).toEqual(["servicenow-spoke"]);
  });

  it("re-points the Twilio Function hook at the receiver and verifies it again", () => {
    const hook = seeded.decisions.find((d) => d.name === "twilio-verify-feedback-hook")!;
    expect(hook.notes.join("\n")).toContain(
      "URI https://okta-1234.twil.io/OktaEventHook becomes https://",
    );
    expect(
      seeded.decisions.find((d) => d.name === "twilio-verify-feedback-verification")!.outcome,
    ).toEqual({
      kind: "create",
      why: "created on the first up: Okta verifies the hook's URL again",
    });
  });

  it("writes an import file whose resources sit under the program's components", () => {
    const file = seeded.importFile;
    expect(file.nameTable).toEqual({
      okta: "urn:pulumi:seeded::oktaplane::pulumi:providers:okta::okta",
    });
    const entry = (name: string) => file.resources.find((r) => r.name === name);
    expect(entry("moveworks")).toEqual({
      type: "okta:app/oAuth:OAuth",
      name: "moveworks",
      id: MOVEWORKS_APP,
      provider: "okta",
      parent: "moveworks-ServiceApp",
    });
    expect(entry("moveworks-ServiceApp")).toEqual({
      type: "oktaplane:okta:ServiceApp",
      name: "moveworks-ServiceApp",
      logicalName: "moveworks",
      component: true,
      parent: "moveworks-Moveworks",
    });
    expect(entry("moveworks-Moveworks")).toMatchObject({
      logicalName: "moveworks",
      component: true,
    });
    expect(entry("moveworks-Moveworks")!.parent).toBeUndefined();
    expect(file.resources.filter((r) => !r.component)).toHaveLength(10);
    expect(file.providerInputs!["okta"]).toMatchObject({
      orgName: "dev-31415926",
      baseUrl: "oktapreview.com",
    });
  });

  it("never carries a client secret, a hook secret or a token value", () => {
    const text = JSON.stringify([seeded, spokeKey]);
    expect(text).not.toContain(SPOKE_CLIENT_SECRET);
    expect(text).not.toContain(HOOK_AUTH_SECRET);
  });

  it("proposes the spoke's API token by name, and says its value cannot be read", () => {
    expect(spokeKey.changes).toEqual([
      {
        path: ["connectors", "servicenowSpoke", "apiTokenId"],
        value: SPOKE_TOKEN,
        why: expect.stringContaining('the API token named "ServiceNow spoke"'),
      },
    ]);
    expect(spokeKey.tokens.join(" ")).toContain(
      "Okta never returns a token's value, so adopt cannot read it",
    );
  });
});

describe("the spoke's API token", () => {
  it("checks a configured token id and says when the token is gone", async () => {
    const gone = "00T00000000000000999";
    const dir = stacksDir({
      key: SPOKE_KEY_STACK.replace("auth: api-key", `auth: api-key\n      apiTokenId: ${gone}`),
    });
    const k = await planned("key", dir);
    const result = planAdoption(k.desired, await scanned(seededOrg(), k.desired), k.plan.resources);
    expect(result.problems).toEqual([
      {
        name: "okta-api-token",
        message: `oktaplane:connectors.servicenowSpoke.apiTokenId: API token ${gone} no longer exists (revoked?)`,
        candidates: [],
      },
    ]);
    // Its import is the stack's own: never part of the adopt map.
    expect(result.adopt.import).toEqual({});
  });
});

describe("the messy org", () => {
  it("refuses the duplicate label and names both apps; its grants and roles wait for it", () => {
    expect(messy.problems).toEqual([
      {
        name: "reporting",
        message:
          "2 ACTIVE apps fit; adopt does not guess: pin the right one with oktaplane:adopt.import.reporting: <id>",
        candidates: [
          { id: REPORTING_A, label: "Reporting exporter", status: "ACTIVE" },
          { id: REPORTING_B, label: "Reporting exporter", status: "ACTIVE" },
        ],
      },
    ]);
    expect(messy.decisions.find((d) => d.name === "reporting-scopes")!.outcome).toMatchObject({
      kind: "refused",
      blockedBy: "reporting",
    });
  });

  it("adopts the live auditor over its INACTIVE first try and ignores the DELETED one", () => {
    expect(messy.adopt.import["auditor"]).toBe(AUDITOR_LIVE);
    expect(messy.deletedApps).toBe(1);
    const apps = messy.notManaged.filter((n) => n.kind === "API Services app");
    expect(apps.map((n) => n.id)).toEqual([REPORTING_A, AUDITOR_OLD, REPORTING_B]);
    // The token adopt itself reads with is listed too: it is not the stack's.
    expect(messy.notManaged.filter((n) => n.kind === "API token").map((n) => n.label)).toEqual([
      "adopt (read-only) (Okta API)",
    ]);
    expect(JSON.stringify(messy.notManaged)).not.toContain(AUDITOR_DELETED);
  });

  it("flags SUPER_ADMIN as beyond, broad, and left in place", () => {
    const audit = messy.audits.find((a) => a.name === "auditor")!;
    const broad = audit.beyond.find((b) => b.privilege === "SUPER_ADMIN")!;
    expect(broad).toMatchObject({ kind: "role", capability: "super-admin" });
    expect(audit.keep[0]!.how).toContain("allowBroadRoles");
  });
});

describe("read scopes", () => {
  it("are read scopes only, taken from Okta's spec, one per operation", () => {
    expect(readScopes("oie")).toEqual([
      "okta.apiTokens.read",
      "okta.appGrants.read",
      "okta.apps.read",
      "okta.authenticators.read",
      "okta.eventHooks.read",
      "okta.inlineHooks.read",
      "okta.roles.read",
    ]);
    expect(readScopes("classic")).not.toContain("okta.authenticators.read");
    for (const op of Object.values(READ_OPERATIONS)) {
      expect(op.method).toBe("GET");
      expect(op.scopes).toContain(op.scope);
    }
  });
});
