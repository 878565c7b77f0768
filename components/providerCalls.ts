// The Okta operations each resource's provider calls, per step (create, read, update, delete),
// and the OAuth scopes those need per Okta's Management API spec: the one source for the
// deploying credential's scopes (`npm run plan`), the read-only credential of previews and drift,
// and what `verify` reads. Sequences from PROVIDERS.md, "Call sequences per resource", re-read in
// terraform-provider-okta v6.12.0 okta/services/idaas/resource_okta_*.go (file named per entry).

import { operationMatcher, type SpecOperation } from "../spec/oktaOperations";

export const PROVIDER_STEPS = ["create", "read", "update", "delete"] as const;
export type ProviderStep = (typeof PROVIDER_STEPS)[number];

/** A call Okta's Management spec does not list, with the scope Okta documents for it elsewhere. */
export interface UnlistedCall {
  readonly request: string;
  readonly scopes: readonly string[];
  readonly source: string;
}

/** An operationId of Okta's spec (spec/okta-operations.json), or a call the spec lacks. */
export type OktaCall = string | UnlistedCall;

export type StepCalls = Readonly<Record<ProviderStep, readonly OktaCall[]>>;

export interface ResourceCalls {
  /** Where the sequence was read. */
  readonly source: string;
  /** The calls per step; some depend on the resource's inputs. */
  readonly calls: (inputs: Readonly<Record<string, unknown>>) => StepCalls;
}

/** Configure's org check (Identity Engine or Classic) before OIE-only features; no scope. */
const ORG_PIPELINE = "getWellknownOrgMetadata";

/**
 * Unless skipped, the provider assigns the org's default ACCESS_POLICY: it lists policies
 * (okta.policies.read) and assigns one (resource_okta_app_oauth.go, app_authentication_policy.go,
 * policy.go findDefaultAccessPolicy). On create it skips service apps; on update it does not look
 * at the type, only at skipAuthenticationPolicy.
 */
const ACCESS_POLICY_CALLS = [ORG_PIPELINE, "listPolicies", "assignApplicationPolicy"];

const fixed = (calls: StepCalls) => () => calls;

/** Type token (or `dynamic:<kind>`) → what its provider calls. */
export const PROVIDER_CALLS: Readonly<Record<string, ResourceCalls>> = {
  "okta:app/oAuth:OAuth": {
    source: "resource_okta_app_oauth.go, app.go (AppUpdateStatus, deleteApplication)",
    calls: (inputs) => {
      const skip = inputs["skipAuthenticationPolicy"] === true;
      const policyOnCreate = !skip && inputs["type"] !== "service" ? ACCESS_POLICY_CALLS : [];
      const policyOnUpdate = skip ? [] : ACCESS_POLICY_CALLS;
      return {
        create: ["createApplication", ...policyOnCreate, "getApplication"],
        read: ["getApplication", ...(skip ? [] : [ORG_PIPELINE])],
        update: [
          "activateApplication",
          "deactivateApplication",
          "replaceApplication",
          ...policyOnUpdate,
          "getApplication",
        ],
        delete: ["deactivateApplication", "deleteApplication"],
      };
    },
  },
  "okta:index/appOauthApiScope:AppOauthApiScope": {
    source: "resource_okta_app_oauth_api_scope.go",
    calls: fixed({
      create: ["grantConsentToScope", "listScopeConsentGrants"],
      read: ["listScopeConsentGrants"],
      update: ["listScopeConsentGrants", "grantConsentToScope", "revokeScopeConsentGrant"],
      delete: ["listScopeConsentGrants", "revokeScopeConsentGrant"],
    }),
  },
  // No update: every change replaces the assignment.
  "okta:app/oauthRoleAssignment:OauthRoleAssignment": {
    source: "resource_okta_app_oauth_role_assignment.go",
    calls: fixed({
      create: ["assignRoleToClient"],
      read: ["retrieveClientRole"],
      update: [],
      delete: ["deleteRoleFromClient"],
    }),
  },
  "okta:index/adminRoleCustom:AdminRoleCustom": {
    source: "resource_okta_admin_role_custom.go",
    calls: fixed({
      create: ["createRole", "getRole", "listRolePermissions"],
      read: ["getRole", "listRolePermissions"],
      update: ["replaceRole", "createRolePermission", "deleteRolePermission", "getRole"],
      delete: ["deleteRole"],
    }),
  },
  "okta:index/resourceSet:ResourceSet": {
    source: "resource_okta_resource_set.go",
    calls: fixed({
      create: ["createResourceSet", "getResourceSet", "listResourceSetResources"],
      read: ["getResourceSet", "listResourceSetResources"],
      update: [
        "replaceResourceSet",
        "listResourceSetResources",
        "addResourceSetResources",
        "deleteResourceSetResource",
      ],
      delete: ["deleteResourceSet"],
    }),
  },
  "okta:index/eventHook:EventHook": {
    source: "resource_okta_event_hook.go",
    calls: fixed({
      create: ["createEventHook", "activateEventHook", "deactivateEventHook", "getEventHook"],
      read: ["getEventHook"],
      update: ["replaceEventHook", "activateEventHook", "deactivateEventHook", "getEventHook"],
      delete: ["deactivateEventHook", "deleteEventHook"],
    }),
  },
  // Delete makes no call; Okta verifies again only when this is replaced.
  "okta:index/eventHookVerification:EventHookVerification": {
    source: "resource_okta_event_hook_verification.go",
    calls: fixed({
      create: ["verifyEventHook"],
      read: ["getEventHook"],
      update: ["verifyEventHook"],
      delete: [],
    }),
  },
  "okta:inline/hook:Hook": {
    source: "resource_okta_inline_hook.go",
    calls: fixed({
      create: ["createInlineHook", "activateInlineHook", "deactivateInlineHook", "getInlineHook"],
      read: ["getInlineHook"],
      update: ["replaceInlineHook", "activateInlineHook", "deactivateInlineHook", "getInlineHook"],
      delete: ["deactivateInlineHook", "deleteInlineHook"],
    }),
  },
  // "Soft create": an existing authenticator (matched by key) is adopted; delete only deactivates.
  "okta:index/authenticator:Authenticator": {
    source: "resource_okta_authenticator.go, data_source_okta_authenticator.go (findAuthenticator)",
    calls: fixed({
      create: [
        ORG_PIPELINE,
        "listAuthenticators",
        "createAuthenticator",
        "activateAuthenticator",
        "deactivateAuthenticator",
      ],
      read: [ORG_PIPELINE, "getAuthenticator"],
      update: [
        ORG_PIPELINE,
        "replaceAuthenticator",
        "activateAuthenticator",
        "deactivateAuthenticator",
        "getAuthenticator",
      ],
      delete: [ORG_PIPELINE, "deactivateAuthenticator"],
    }),
  },
  // Classic orgs' factors API is not in the 2026 Management spec; Okta's scopes guide names
  // okta.factors.read/manage for org factors (developer.okta.com/docs/guides/implement-oauth-for-okta/scopes/).
  "okta:factor/factor:Factor": {
    source: "resource_okta_factor.go, sdk/org_factor.go",
    calls: fixed({
      create: [orgFactor("GET", "read"), orgFactor("POST", "manage")],
      read: [orgFactor("GET", "read")],
      update: [orgFactor("GET", "read"), orgFactor("POST", "manage")],
      delete: [orgFactor("POST", "manage")],
    }),
  },
  // Import only: create makes no call (the engine's import reads); delete revokes the token.
  "okta:index/apiToken:ApiToken": {
    source: "resource_okta_api_token.go",
    calls: fixed({
      create: [],
      read: ["getApiToken"],
      update: ["upsertApiToken", "getApiToken"],
      delete: ["revokeApiToken"],
    }),
  },
  // components/hookEndpointReady.ts: calls the hook URL as Okta would, never Okta.
  "dynamic:hook-endpoint-ready": {
    source: "components/hookEndpointReady.ts",
    calls: fixed({ create: [], read: [], update: [], delete: [] }),
  },
  // components/appDpop.ts: a read-modify-write of the app; its diff reads the live flag too.
  "dynamic:okta-app-dpop": {
    source: "components/appDpop.ts, components/oktaApi/apps.ts",
    calls: fixed({
      create: ["getApplication", "replaceApplication"],
      read: ["getApplication"],
      update: ["getApplication", "replaceApplication"],
      delete: [],
    }),
  },
};

function orgFactor(method: "GET" | "POST", access: "read" | "manage"): UnlistedCall {
  return {
    request:
      method === "GET"
        ? "GET /api/v1/org/factors/{factorId}"
        : `POST /api/v1/org/factors/{factorId}/lifecycle/{action}`,
    scopes: [`okta.factors.${access}`],
    source: "developer.okta.com/docs/guides/implement-oauth-for-okta/scopes/",
  };
}

/** The table's key for a resource: its type token, or `dynamic:<kind>` for a dynamic resource. */
export function providerCallsKey(type: string, inputs: Readonly<Record<string, unknown>>): string {
  return type === "pulumi-nodejs:dynamic:Resource" ? `dynamic:${String(inputs["kind"])}` : type;
}

/** One call with the scopes Okta requires for it (any one of them authorizes it). */
export interface ScopedCall {
  /** `METHOD /path/template`. */
  readonly request: string;
  readonly operationId?: string;
  readonly scopes: readonly string[];
}

const matcher = operationMatcher();

/** A call resolved through Okta's spec; an unknown operationId throws (a typo in the table). */
export function scopedCall(call: OktaCall): ScopedCall {
  if (typeof call !== "string") return { request: call.request, scopes: call.scopes };
  const op: SpecOperation = matcher.byId(call);
  return { request: `${op.method} ${op.path}`, operationId: op.id, scopes: op.scopes };
}

/** What a resource's provider calls in `steps`, with scopes; undefined when the table lacks it. */
export function scopedCallsFor(
  key: string,
  inputs: Readonly<Record<string, unknown>>,
  steps: readonly ProviderStep[] = PROVIDER_STEPS,
): ScopedCall[] | undefined {
  const entry = PROVIDER_CALLS[key];
  if (entry === undefined) return undefined;
  const calls = entry.calls(inputs);
  return steps.flatMap((step) => calls[step].map(scopedCall));
}
