// `npm run plan`'s engine for stack dev shows the service apps with their scopes and roles, and
// the deploying credential's scopes for everything the stack declares (apps and connectors).

import { describe, expect, it } from "vitest";
import { buildPlan } from "../../cli/lib/planReport";

describe("buildPlan (stack dev)", () => {
  it("shows the reporting app, its exact scopes and role, and what the deployer needs", async () => {
    const plan = await buildPlan({ stack: "dev" });
    const of = (type: string) =>
      plan.resources
        .filter((r) => r.type === type && r.name.startsWith("reporting"))
        .map((r) => [r.name, r.inputs]);

    expect(of("okta:app/oAuth:OAuth")).toEqual([
      [
        "reporting",
        expect.objectContaining({
          label: "oktaplane dev reporting",
          type: "service",
          tokenEndpointAuthMethod: "private_key_jwt",
          grantTypes: ["client_credentials"],
        }),
      ],
    ]);
    expect(of("okta:index/appOauthApiScope:AppOauthApiScope")).toEqual([
      [
        "reporting-scopes",
        {
          appId: "[unknown]",
          issuer: "https://dev-31415926.oktapreview.com",
          scopes: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
        },
      ],
    ]);
    expect(of("okta:app/oauthRoleAssignment:OauthRoleAssignment")).toEqual([
      ["reporting-role-read-only-admin", { clientId: "[unknown]", type: "READ_ONLY_ADMIN" }],
    ]);
    const serviceApps = plan.outputs["serviceApps"] as Record<string, unknown>;
    // Connector apps are exported beside the configured ones, so `verify` checks them too.
    expect(Object.keys(serviceApps).sort()).toEqual(["hook-receiver", "moveworks", "reporting"]);
    expect({ reporting: serviceApps["reporting"] }).toEqual({
      reporting: {
        clientId: "[unknown]",
        tokenUrl: "https://dev-31415926.oktapreview.com/oauth2/v1/token",
        audience: "https://dev-31415926.oktapreview.com/oauth2/v1/token",
        orgUrl: "https://dev-31415926.oktapreview.com",
        activeKid: "[unknown]",
        algorithm: "RS256",
        scopes: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
        requireDpop: true,
        privateKeyPem: "[secret]",
        privateKeyJwk: "[secret]",
      },
    });
    // Derived: every operation the providers call for what stack dev declares, mapped through
    // Okta's spec (components/providerCalls.ts). Reads need the .read scopes, writes .manage.
    const apps = ["dynamic:okta-app-dpop", "okta:app/oAuth:OAuth"];
    const grants = ["okta:index/appOauthApiScope:AppOauthApiScope"];
    const authenticator = ["okta:index/authenticator:Authenticator"];
    const eventHooks = [
      "okta:index/eventHook:EventHook",
      "okta:index/eventHookVerification:EventHookVerification",
    ];
    const inlineHooks = ["okta:inline/hook:Hook"];
    const roles = [
      "okta:app/oauthRoleAssignment:OauthRoleAssignment",
      "okta:index/adminRoleCustom:AdminRoleCustom",
      "okta:index/resourceSet:ResourceSet",
    ];
    expect(plan.deployerScopes).toEqual({
      scopes: [
        { scope: "okta.appGrants.manage", for: grants },
        { scope: "okta.appGrants.read", for: grants },
        { scope: "okta.apps.manage", for: apps },
        { scope: "okta.apps.read", for: apps },
        { scope: "okta.authenticators.manage", for: authenticator },
        { scope: "okta.authenticators.read", for: authenticator },
        { scope: "okta.eventHooks.manage", for: eventHooks },
        { scope: "okta.eventHooks.read", for: eventHooks },
        { scope: "okta.inlineHooks.manage", for: inlineHooks },
        { scope: "okta.inlineHooks.read", for: inlineHooks },
        { scope: "okta.roles.manage", for: roles },
        { scope: "okta.roles.read", for: roles },
      ],
      unmapped: [],
    });
    // What previews and the drift job's `pulumi preview --refresh` need: the reads only.
    expect(plan.readOnlyScopes).toEqual({
      scopes: [
        { scope: "okta.appGrants.read", for: grants },
        { scope: "okta.apps.read", for: apps },
        { scope: "okta.authenticators.read", for: authenticator },
        { scope: "okta.eventHooks.read", for: eventHooks },
        { scope: "okta.inlineHooks.read", for: inlineHooks },
        { scope: "okta.roles.read", for: roles },
      ],
      unmapped: [],
    });
  });
});
