// Which input changes make the engine replace a resource (delete and create anew) rather than
// update it, per resource type the program declares. The bridged providers take this from the
// Terraform schema (`ForceNew: true`, or a `RequiresReplace` plan modifier); Pulumi's own schema
// does not carry it, so the table is read from the providers' sources, each entry citing its
// file. Input names are Pulumi's (camelCase); test/cli/replacements.test.ts checks every one
// against the provider's schema (reference/pulumi-okta-schema-v6.15.json, node_modules types).

import type { PlanValue } from "./planValue";

export interface ForceNewRule {
  readonly input: string;
  /** Replaces only for some changes (a CustomizeDiff in the provider); else any change. */
  readonly when?: (from: PlanValue | undefined, to: PlanValue | undefined) => boolean;
  /** What the provider says, in a few words. */
  readonly note?: string;
}

export interface ForceNewEntry {
  readonly rules: readonly ForceNewRule[];
  /** Where the rules were read. */
  readonly source: string;
}

const OKTA = "okta/terraform-provider-okta v6.12.0 okta/services/idaas";
const any = (...inputs: string[]): ForceNewRule[] => inputs.map((input) => ({ input }));

/** Type token (dynamic resources: `dynamic:<kind>`) → inputs whose change replaces it. */
export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  "okta:app/oAuth:OAuth": {
    rules: [
      ...any("type", "clientId"),
      {
        input: "omitSecret",
        when: (from, to) => from === true && to !== true,
        note: "true → false regenerates the client secret",
      },
    ],
    source: `${OKTA}/resource_okta_app_oauth.go (type, client_id ForceNew; CustomizeDiff on omit_secret)`,
  },
  "okta:index/appOauthApiScope:AppOauthApiScope": {
    rules: any("appId"),
    source: `${OKTA}/resource_okta_app_oauth_api_scope.go (app_id ForceNew)`,
  },
  "okta:app/oauthRoleAssignment:OauthRoleAssignment": {
    // Every input: the resource has no update (PROVIDERS.md, "No update: every change replaces").
    rules: any("clientId", "type", "resourceSet", "role"),
    source: `${OKTA}/resource_okta_app_oauth_role_assignment.go (RequiresReplace on every attribute)`,
  },
  "okta:index/adminRoleCustom:AdminRoleCustom": {
    rules: any("label"),
    source: `${OKTA}/resource_okta_admin_role_custom.go (label ForceNew)`,
  },
  "okta:inline/hook:Hook": {
    rules: any("type"),
    source: `${OKTA}/resource_okta_inline_hook.go (type ForceNew)`,
  },
  "okta:index/authenticator:Authenticator": {
    rules: any("key"),
    source: `${OKTA}/resource_okta_authenticator.go (key ForceNew)`,
  },
  "okta:factor/factor:Factor": {
    rules: any("providerId"),
    source: `${OKTA}/resource_okta_factor.go (provider_id ForceNew)`,
  },
  // Updated in place whatever changes (no ForceNew in their schemas): resource sets, event
  // hooks and their verification, API tokens, network zones.
  "okta:index/resourceSet:ResourceSet": {
    rules: [],
    source: `${OKTA}/resource_okta_resource_set.go`,
  },
  "okta:index/eventHook:EventHook": { rules: [], source: `${OKTA}/resource_okta_event_hook.go` },
  "okta:index/eventHookVerification:EventHookVerification": {
    rules: [],
    source: `${OKTA}/resource_okta_event_hook_verification.go`,
  },
  "okta:index/apiToken:ApiToken": { rules: [], source: `${OKTA}/resource_okta_api_token.go` },
  "okta:network/zone:Zone": { rules: [], source: `${OKTA}/resource_okta_network_zone.go` },
  "tls:index/privateKey:PrivateKey": {
    rules: any("algorithm", "rsaBits", "ecdsaCurve"),
    source:
      "hashicorp/terraform-provider-tls internal/provider/resource_private_key.go (RequiresReplace)",
  },
  "random:index/randomPassword:RandomPassword": {
    // Every input: a password is generated once, at create.
    rules: any(
      "keepers",
      "length",
      "special",
      "upper",
      "lower",
      "number",
      "numeric",
      "minNumeric",
      "minUpper",
      "minLower",
      "minSpecial",
      "overrideSpecial",
    ),
    source:
      "hashicorp/terraform-provider-random internal/provider/resource_password.go (RequiresReplace)",
  },
  "cloudflare:index/workersScript:WorkersScript": {
    rules: any("accountId", "scriptName"),
    source:
      "cloudflare/terraform-provider-cloudflare internal/services/workers_script/schema.go (RequiresReplace)",
  },
  "cloudflare:index/workersScriptSubdomain:WorkersScriptSubdomain": {
    rules: any("accountId", "scriptName"),
    source:
      "cloudflare/terraform-provider-cloudflare internal/services/workers_script_subdomain/schema.go (RequiresReplace)",
  },
  "cloudflare:index/workersCustomDomain:WorkersCustomDomain": {
    rules: any("accountId", "hostname"),
    source:
      "cloudflare/terraform-provider-cloudflare internal/services/workers_custom_domain/schema.go (RequiresReplace)",
  },
  // This project's dynamic provider: its diff() replaces on these (components/appDpop.ts).
  "dynamic:okta-app-dpop": {
    rules: any("orgUrl", "appId"),
    source: "components/appDpop.ts appDpopProvider.diff",
  },
};

/** The table key of a resource: its type, or `dynamic:<kind>` for a dynamic resource. */
export function forceNewKey(type: string, inputs: Readonly<Record<string, PlanValue>>): string {
  return type === "pulumi-nodejs:dynamic:Resource" ? `dynamic:${String(inputs["kind"])}` : type;
}

/** The rule that makes this input change replace the resource, if any. */
export function forceNewRule(
  key: string,
  input: string,
  from: PlanValue | undefined,
  to: PlanValue | undefined,
): ForceNewRule | undefined {
  const rule = FORCE_NEW[key]?.rules.find((r) => r.input === input);
  return rule === undefined || (rule.when !== undefined && !rule.when(from, to)) ? undefined : rule;
}
