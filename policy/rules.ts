// The oktaplane policies as pure functions over one resource shape, so the same rules run in the
// CrossGuard pack (`pulumi preview --policy-pack policy`), inside `npm run plan`, and in tests.

import { SECRET, UNKNOWN, type PlanValue } from "../cli/lib/planValue";
import { BROAD_ROLES, CAPABILITIES, type StandardRole } from "../components/capabilities";

/** Provider type tokens the rules read (see DESIGN.md, "Known facts"). */
export const TYPES = {
  oauthApp: "okta:app/oAuth:OAuth",
  apiScope: "okta:index/appOauthApiScope:AppOauthApiScope",
  roleAssignment: "okta:app/oauthRoleAssignment:OauthRoleAssignment",
  eventHook: "okta:index/eventHook:EventHook",
  inlineHook: "okta:inline/hook:Hook",
  apiToken: "okta:index/apiToken:ApiToken",
  workersScript: "cloudflare:index/workersScript:WorkersScript",
} as const;

/**
 * One resource as a policy sees it, whichever engine produced it. Inputs are plan values: a secret
 * input (or the container the SDK wrapped) is the string "[secret]", a value not known before the
 * update is "[unknown]". A rule never needs a secret's value, only whether it is one.
 */
export interface CheckedResource {
  readonly urn: string;
  readonly type: string;
  /** Logical name. */
  readonly name: string;
  /** Logical names of the parent components, nearest first, as far as the engine tells. */
  readonly ancestors: readonly string[];
  readonly inputs: Readonly<Record<string, PlanValue>>;
  readonly protect: boolean;
  /** `null` when the engine does not say (@pulumi/policy 1.21 does not pass retainOnDelete). */
  readonly retainOnDelete: boolean | null;
}

/** What the stack's config says each app may hold; see policy/context.ts. */
export interface AppPolicy {
  /** Every Okta API scope the app's capabilities need. */
  readonly scopes: readonly string[];
  /** Broad roles the stack opted into by name (`serviceApps.<key>.allowBroadRoles`). */
  readonly allowBroadRoles: readonly StandardRole[];
  /** The app's preset needs the implicit grant (the ServiceNow OAuth web app). */
  readonly implicitGrant: boolean;
}

export interface PolicyContext {
  readonly stack: string;
  /** `dev`, `staging` or `prod`; `null` when neither config nor stack name says. */
  readonly environment: string | null;
  /**
   * Apps by key. A resource belongs to the app whose key is its own logical name or a parent
   * component's. `null` when the stack config could not be read: the checks then fail closed.
   */
  readonly apps: Readonly<Record<string, AppPolicy>> | null;
}

export type EnforcementLevel = "mandatory" | "advisory";

export interface Rule {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly remediation: string;
  /** Resource types the rule reads; it is not applicable to others. */
  readonly types: readonly string[];
  /** One message per violation; an empty list when the resource complies (or cannot be told yet). */
  readonly check: (resource: CheckedResource, context: PolicyContext) => string[];
}

/** One violation, as the plan reports it (`report.policy.findings`). */
export interface Finding {
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly message: string;
  readonly remediation: string;
}

// ---- value helpers: markers are never mistaken for values -----------------------------------

const isMarker = (v: PlanValue | undefined): boolean => v === SECRET || v === UNKNOWN;
const isSecret = (v: PlanValue | undefined): boolean => v === SECRET;
const isUnknown = (v: PlanValue | undefined): boolean => v === UNKNOWN;
const isAbsent = (v: PlanValue | undefined): boolean => v === undefined || v === null;

function text(v: PlanValue | undefined): string | undefined {
  return typeof v === "string" && !isMarker(v) ? v : undefined;
}

function record(v: PlanValue | undefined): Record<string, PlanValue> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

/** The strings of a list input; `undefined` when the list (or an element) is not known yet. */
function strings(v: PlanValue | undefined): string[] | undefined {
  if (isAbsent(v)) return [];
  if (!Array.isArray(v) || v.some((e) => typeof e !== "string" || isMarker(e))) return undefined;
  return v as string[];
}

/** The app key a resource belongs to: its own logical name or its nearest parent's. */
export function appKeyOf(r: CheckedResource, context: PolicyContext): string | null {
  if (context.apps === null) return null;
  for (const name of [r.name, ...r.ancestors]) {
    if (Object.prototype.hasOwnProperty.call(context.apps, name)) return name;
  }
  return null;
}

const ALL_CAPABILITY_SCOPES = [
  ...new Set(Object.values(CAPABILITIES).flatMap((c) => [...c.scopes])),
].sort();

function isServiceApp(r: CheckedResource): boolean {
  return r.type === TYPES.oauthApp && r.inputs["type"] === "service";
}

/** An inline hook's `channelJson` (used for OAuth channels), parsed when it is plain JSON. */
function channelJson(r: CheckedResource): Record<string, PlanValue> | undefined {
  const raw = text(r.inputs["channelJson"]);
  if (raw === undefined) return undefined;
  try {
    return record(JSON.parse(raw) as PlanValue);
  } catch {
    return undefined;
  }
}

function httpsProblem(where: string, uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${where} ${JSON.stringify(uri)} is not an absolute URL; it must be https://`;
  }
  return url.protocol === "https:"
    ? undefined
    : `${where} ${JSON.stringify(uri)} uses ${url.protocol.replace(/:$/, "")}; it must be https://`;
}

// ---- the rules ----------------------------------------------------------------------------

const noBroadAdminRoles: Rule = {
  name: "no-broad-admin-roles",
  description:
    "A service app is never assigned SUPER_ADMIN or ORG_ADMIN unless the stack opts that app in by name.",
  enforcementLevel: "mandatory",
  remediation:
    "Grant the narrow capability instead (components/capabilities.ts). If the app truly needs the " +
    "role, opt in by name in the stack file: serviceApps.<key>.allowBroadRoles: [<ROLE>]; " +
    "connector apps cannot opt in.",
  types: [TYPES.roleAssignment],
  check(r, context) {
    const role = text(r.inputs["type"]);
    if (role === undefined || !(BROAD_ROLES as readonly string[]).includes(role)) return [];
    const key = appKeyOf(r, context);
    if (key !== null && context.apps?.[key]?.allowBroadRoles.includes(role as StandardRole))
      return [];
    return [
      key === null
        ? `assigns ${role} to a service app that is not one of this stack's apps (no resource or parent named after an app key), so no opt-in can apply`
        : `assigns ${role} to service app ${key}, which has not opted in (serviceApps.${key}.allowBroadRoles)`,
    ];
  },
};

const servicePrivateKeyJwt: Rule = {
  name: "service-app-private-key-jwt",
  description:
    "API service apps authenticate with private_key_jwt and a registered public key, never a client secret.",
  enforcementLevel: "mandatory",
  remediation:
    "Set tokenEndpointAuthMethod: private_key_jwt with jwks (from the app's ClientKey) and remove " +
    "clientBasicSecret / clientBasicSecretWo; a shared secret can be replayed by anyone who reads it.",
  types: [TYPES.oauthApp],
  check(r) {
    if (!isServiceApp(r)) return [];
    const problems: string[] = [];
    const method = r.inputs["tokenEndpointAuthMethod"];
    if (!isUnknown(method) && method !== "private_key_jwt")
      problems.push(
        `tokenEndpointAuthMethod is ${isAbsent(method) ? "unset (Okta then issues a client secret)" : JSON.stringify(method)}; it must be "private_key_jwt"`,
      );
    for (const key of ["clientBasicSecret", "clientBasicSecretWo"]) {
      if (!isAbsent(r.inputs[key]))
        problems.push(`sets ${key}: a service app has no client secret`);
    }
    const jwks = r.inputs["jwks"];
    const hasKeys = isUnknown(jwks) || isSecret(jwks) || (Array.isArray(jwks) && jwks.length > 0);
    if (!hasKeys && isAbsent(r.inputs["jwksUri"]))
      problems.push("registers no public key (jwks or jwksUri) to verify its client assertions");
    return problems;
  },
};

const grantedScopesMatchCapabilities: Rule = {
  name: "granted-scopes-match-capabilities",
  description:
    "Scopes granted to an app (okta.AppOauthApiScope) are a subset of what its capabilities need.",
  enforcementLevel: "mandatory",
  remediation:
    "Grant scopes only through capabilities (components/capabilities.ts, or the stack's own under " +
    "oktaplane:capabilities); to widen an app, add a capability to its stack config rather than a " +
    "scope to the grant.",
  types: [TYPES.apiScope],
  check(r, context) {
    const scopes = strings(r.inputs["scopes"]);
    if (scopes === undefined) return [];
    const key = appKeyOf(r, context);
    const apps = context.apps;
    const [allowed, against] =
      apps === null
        ? [ALL_CAPABILITY_SCOPES, "any capability (the stack config could not be read)"]
        : key !== null
          ? [apps[key]!.scopes, `the capabilities of app ${key}`]
          : [
              [...new Set(Object.values(apps).flatMap((a) => a.scopes))],
              "any app of this stack (the grant names no app key)",
            ];
    const extra = scopes.filter((s) => !allowed.includes(s)).sort();
    return extra.length === 0 ? [] : [`grants ${extra.join(", ")}: not needed by ${against}`];
  },
};

const httpsOnly: Rule = {
  name: "https-only-uris",
  description: "Hook endpoints and OAuth redirect URIs use https://.",
  enforcementLevel: "mandatory",
  remediation:
    "Use the https:// URL of the hook receiver (Cloudflare serves workers.dev and custom domains " +
    "over TLS) and https:// redirect URIs; Okta sends hook secrets and codes to these URLs.",
  types: [TYPES.eventHook, TYPES.inlineHook, TYPES.oauthApp],
  check(r) {
    const uris: [string, string | undefined][] = [];
    if (r.type === TYPES.oauthApp) {
      for (const key of ["redirectUris", "postLogoutRedirectUris"]) {
        const list = r.inputs[key];
        if (Array.isArray(list)) list.forEach((u, i) => uris.push([`${key}[${i}]`, text(u)]));
      }
    } else {
      const channel = record(r.inputs["channel"]);
      if (channel) uris.push(["channel.uri", text(channel["uri"])]);
      const json = channelJson(r);
      const config = record(json?.["config"]);
      if (config) uris.push(["channelJson.config.uri", text(config["uri"])]);
    }
    return uris.flatMap(([where, uri]) => {
      const problem = uri === undefined ? undefined : httpsProblem(where, uri);
      return problem === undefined ? [] : [problem];
    });
  },
};

/** A hook's auth: `present` unless it is missing or empty; `unknown` before the update. */
function hookAuth(r: CheckedResource): "present" | "missing" | "unknown" {
  const auth = r.inputs["auth"];
  if (isSecret(auth)) return "present";
  if (isUnknown(auth)) return "unknown";
  const a = record(auth);
  if (a && !isAbsent(a["key"]) && !isAbsent(a["value"]) && a["value"] !== "") return "present";
  if (r.type === TYPES.inlineHook) {
    if (isSecret(r.inputs["channelJson"])) return "present";
    if (isUnknown(r.inputs["channelJson"])) return "unknown";
    const config = record(channelJson(r)?.["config"]);
    if (config && (record(config["authScheme"]) || !isAbsent(config["clientId"]))) return "present";
  }
  return "missing";
}

const hooksAuthenticate: Rule = {
  name: "hooks-authenticate",
  description:
    "Every event hook and inline hook sends an authorization header (or OAuth) to its endpoint.",
  enforcementLevel: "mandatory",
  remediation:
    "Set auth { type: HEADER, key: Authorization, value: <generated secret> } from the hook " +
    "receiver's generated secret, so the receiver can reject requests that Okta did not send.",
  types: [TYPES.eventHook, TYPES.inlineHook],
  check(r) {
    return hookAuth(r) === "missing"
      ? ["has no auth: anyone who learns the URL can send it forged hook calls"]
      : [];
  },
};

const secretsAreSecret: Rule = {
  name: "secrets-are-secret",
  description:
    "Hook auth values and Worker secret bindings are Pulumi secrets (the providers do not mark them).",
  enforcementLevel: "mandatory",
  remediation:
    "Wrap the value in pulumi.secret(...) (or pass the secret output of random.RandomPassword) so " +
    "it is encrypted in state and masked in previews and logs.",
  types: [TYPES.eventHook, TYPES.inlineHook, TYPES.workersScript],
  check(r) {
    if (r.type === TYPES.workersScript) {
      const bindings = r.inputs["bindings"];
      if (!Array.isArray(bindings)) return [];
      return bindings.flatMap((b) => {
        const binding = record(b);
        if (!binding) return [];
        const fields =
          binding["type"] === "secret_text"
            ? ["text"]
            : binding["type"] === "secret_key"
              ? ["keyJwk", "keyBase64"]
              : [];
        return fields
          .filter((f) => !isAbsent(binding[f]) && !isMarker(binding[f]))
          .map(
            (f) =>
              `binding ${JSON.stringify(binding["name"])} (${String(binding["type"])}) has a plain-text ${f}`,
          );
      });
    }
    const problems: string[] = [];
    const auth = record(r.inputs["auth"]);
    if (auth && !isAbsent(auth["value"]) && !isMarker(auth["value"]))
      problems.push("auth.value is plain text");
    const config = record(channelJson(r)?.["config"]);
    const scheme = record(config?.["authScheme"]);
    if ((scheme && !isAbsent(scheme["value"])) || !isAbsent(config?.["clientSecret"]))
      problems.push("channelJson carries a credential but is plain text");
    return problems;
  },
};

const prodProtectsCredentials: Rule = {
  name: "prod-protects-credentials",
  description:
    "In prod, service apps and API tokens are protected; API tokens are also retained on delete (deleting one revokes it).",
  enforcementLevel: "mandatory",
  remediation:
    "Pass { protect: true } (config/defaults.ts protectByDefault) to service apps and okta.ApiToken, " +
    "and { retainOnDelete: true } to okta.ApiToken. retainOnDelete is checked by `npm run plan`: " +
    "@pulumi/policy 1.21 does not pass it to the pack.",
  types: [TYPES.oauthApp, TYPES.apiToken],
  check(r, context) {
    if (context.environment !== "prod") return [];
    if (r.type === TYPES.oauthApp && !isServiceApp(r)) return [];
    const what = r.type === TYPES.apiToken ? "API token" : "service app";
    const problems: string[] = [];
    if (!r.protect) problems.push(`prod ${what} is not protected: a stray delete would break it`);
    if (r.type === TYPES.apiToken && r.retainOnDelete === false)
      problems.push(
        "prod API token is not retained on delete: removing it from the stack revokes it",
      );
    return problems;
  },
};

const implicitGrantOnlyWhereRequired: Rule = {
  name: "implicit-grant-only-where-required",
  description:
    "The implicit grant is only enabled where a connector preset requires it (ServiceNow OAuth).",
  enforcementLevel: "advisory",
  remediation:
    "Remove implicit from grantTypes (and token from responseTypes); use authorization_code with " +
    "PKCE. Tokens in URL fragments leak through history and referrers.",
  types: [TYPES.oauthApp],
  check(r, context) {
    const grants = strings(r.inputs["grantTypes"]);
    if (grants === undefined || !grants.includes("implicit")) return [];
    const key = appKeyOf(r, context);
    if (key !== null && context.apps?.[key]?.implicitGrant) return [];
    return [`enables the implicit grant, which ${key ?? "this app"}'s preset does not require`];
  },
};

/** Every policy, in the order they are reported. */
export const RULES: readonly Rule[] = [
  noBroadAdminRoles,
  servicePrivateKeyJwt,
  grantedScopesMatchCapabilities,
  httpsOnly,
  hooksAuthenticate,
  secretsAreSecret,
  prodProtectsCredentials,
  implicitGrantOnlyWhereRequired,
];

/**
 * Runs the rules over resources. Findings come in rule order, then by URN: registration order is
 * not construction order, and a report must not reorder between two runs of the same program.
 */
export function evaluateRules(
  resources: readonly CheckedResource[],
  context: PolicyContext,
  rules: readonly Rule[] = RULES,
): Finding[] {
  const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return rules.flatMap((rule) =>
    sorted
      .filter((r) => rule.types.includes(r.type))
      .flatMap((r) =>
        rule.check(r, context).map((message) => ({
          policy: rule.name,
          enforcementLevel: rule.enforcementLevel,
          urn: r.urn,
          type: r.type,
          name: r.name,
          message,
          remediation: rule.remediation,
        })),
      ),
  );
}
