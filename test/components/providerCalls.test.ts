// The provider call table against Okta's spec: every operation exists, each names one scope, the
// sequences PROVIDERS.md describes give the scopes it says, and the DPoP client asks for exactly
// what its table entry derives. What this cannot prove: that the providers call nothing else
// (that needs the real providers against the simulator).

import { describe, expect, it } from "vitest";
import { APP_SCOPES } from "../../components/oktaApi/apps";
import {
  PROVIDER_CALLS,
  PROVIDER_STEPS,
  scopedCall,
  scopedCallsFor,
  type ProviderStep,
} from "../../components/providerCalls";
import { scopesFor } from "../../cli/lib/deployerScopes";

const WEB_APP = "okta:app/oAuth:OAuth";
const scopesOf = (
  key: string,
  inputs: Record<string, unknown>,
  steps: readonly ProviderStep[] = PROVIDER_STEPS,
) => [...new Set(scopedCallsFor(key, inputs, steps)!.flatMap((c) => c.scopes))].sort();

describe("PROVIDER_CALLS", () => {
  it.each(Object.keys(PROVIDER_CALLS))(
    "%s: every call is an operation of Okta's spec (or cites its scope), with one scope",
    (key) => {
      for (const inputs of [{}, { type: "web" }, { type: "service" }]) {
        const calls = PROVIDER_CALLS[key]!.calls(inputs);
        for (const step of PROVIDER_STEPS) {
          for (const call of calls[step]) {
            const scoped = scopedCall(call);
            // One scope each, or none for Okta's public org metadata.
            expect(scoped.scopes.length <= 1, scoped.request).toBe(true);
            if (scoped.scopes.length === 0)
              expect(scoped.request).toBe("GET /.well-known/okta-organization");
          }
        }
      }
    },
  );

  it("a web app without skipAuthenticationPolicy lists and assigns policies on create and update", () => {
    const calls = (inputs: Record<string, unknown>) =>
      scopedCallsFor(WEB_APP, inputs, ["create", "update"])!.map((c) => c.request);
    expect(calls({ type: "web" })).toEqual(
      expect.arrayContaining([
        "GET /api/v1/policies",
        "PUT /api/v1/apps/{appId}/policies/{policyId}",
      ]),
    );
    expect(scopesOf(WEB_APP, { type: "web" })).toContain("okta.policies.read");
    // Service apps skip the policy on create, but not on update unless skipped explicitly.
    expect(
      scopedCallsFor(WEB_APP, { type: "service" }, ["create"])!.map((c) => c.request),
    ).not.toContain("GET /api/v1/policies");
    expect(scopesOf(WEB_APP, { type: "service" }, ["update"])).toContain("okta.policies.read");
    for (const type of ["web", "service"])
      expect(scopesOf(WEB_APP, { type, skipAuthenticationPolicy: true })).toEqual([
        "okta.apps.manage",
        "okta.apps.read",
      ]);
  });

  it("reads need .read scopes only (the drift job's credential)", () => {
    for (const key of Object.keys(PROVIDER_CALLS)) {
      for (const scope of scopesOf(key, { type: "web" }, ["read"]))
        expect(scope, key).toMatch(/\.read$/);
    }
  });

  it("the DPoP client requests exactly what its entry derives from the spec, per access", () => {
    const derive = (steps: readonly ("read" | "update")[]) =>
      scopesOf("dynamic:okta-app-dpop", {}, steps);
    const asked = (access: "read" | "write") =>
      [...new Set(APP_SCOPES[access].map((s) => s.scope))].sort();
    expect(asked("read")).toEqual(derive(["read"]));
    expect(asked("write")).toEqual(derive(["update"]));
    // And each operation it names is the spec's, with that scope.
    for (const needed of APP_SCOPES.write) {
      const call = scopedCallsFor("dynamic:okta-app-dpop", {}, ["update"])!.find(
        (c) => c.request === needed.operation,
      );
      expect(call?.scopes).toEqual([needed.scope]);
    }
  });
});

describe("scopesFor", () => {
  it("names the scopes per resource type and reports Okta types the table lacks", () => {
    const resources: { type: string; custom: boolean; inputs: Record<string, string> }[] = [
      { type: WEB_APP, custom: true, inputs: { type: "web" } },
      { type: "okta:index/group:Group", custom: true, inputs: {} },
      { type: "tls:index/privateKey:PrivateKey", custom: true, inputs: {} },
      { type: "pulumi:providers:okta", custom: true, inputs: {} },
    ];
    expect(scopesFor(resources, ["read"])).toEqual({
      scopes: [{ scope: "okta.apps.read", for: [WEB_APP] }],
      unmapped: ["okta:index/group:Group"],
    });
    expect(scopesFor(resources, PROVIDER_STEPS).scopes.map((s) => s.scope)).toEqual([
      "okta.apps.manage",
      "okta.apps.read",
      "okta.policies.read",
    ]);
  });
});
