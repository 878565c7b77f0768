// An org description the simulator starts from (typed, JSON-loadable): each collection holds
// objects in Okta's own API shapes, as GET would return them, so a seed can be written from a
// real org's answers. Missing ids and timestamps are filled; secrets (hook auth values, API token
// values) are kept apart and never returned.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { seedApp } from "./apps";
import { identityEngineAuthenticators } from "./authenticators";
import { isRecord, nowIso, type Org } from "./org";
import { defaultAccessPolicy } from "./policies";
import { oktaId, type OktaObject } from "./state";
import { defaultAdminUser, ORG_ADMIN_USER_ID } from "./users";

/** One Okta API object; `id` is filled when absent. */
export type SeedObject = Readonly<Record<string, unknown>> & { readonly id?: string };

export interface OrgSeed {
  /** Apps as `GET /api/v1/apps/{id}` returns them (OIDC apps: `credentials.oauthClient.client_id`). */
  readonly apps?: readonly SeedObject[];
  /** Grants by app id, as `GET /api/v1/apps/{appId}/grants` returns them (`issuer`, `scopeId`). */
  readonly grants?: Readonly<Record<string, readonly SeedObject[]>>;
  /** Role assignments by client id, as `GET /oauth2/v1/clients/{clientId}/roles` returns them. */
  readonly clientRoles?: Readonly<Record<string, readonly SeedObject[]>>;
  /** Custom roles (`/api/v1/iam/roles`) with their permission labels. */
  readonly customRoles?: ReadonlyArray<SeedObject & { readonly permissions?: readonly string[] }>;
  /** Resource sets with their resources (ORNs or REST URLs, or ResourceSetResource objects). */
  readonly resourceSets?: ReadonlyArray<
    SeedObject & { readonly resources?: ReadonlyArray<string | SeedObject> }
  >;
  /** Policies besides the default ACCESS_POLICY. */
  readonly policies?: readonly SeedObject[];
  /** Access policy id by app id. */
  readonly appPolicies?: Readonly<Record<string, string>>;
  /** Event hooks; `channel.config.authScheme.value` is stored as the hook's secret. */
  readonly eventHooks?: readonly SeedObject[];
  /** Inline hooks; `channel.config.authScheme.value` likewise. */
  readonly inlineHooks?: readonly SeedObject[];
  /** Authenticators; one with the key of a pre-seeded Identity Engine authenticator replaces it. */
  readonly authenticators?: readonly SeedObject[];
  /** API tokens; `token` is the SSWS value (generated when absent), `roles` its admin's roles. */
  readonly apiTokens?: ReadonlyArray<
    SeedObject & { readonly token?: string; readonly roles?: readonly string[] }
  >;
  readonly users?: readonly SeedObject[];
  /** Factors by user id. */
  readonly factors?: Readonly<Record<string, readonly SeedObject[]>>;
}

const object = z.record(z.string(), z.unknown());
const objects = z.array(object);
const byParent = z.record(z.string(), objects);
const seedSchema = z
  .object({
    apps: objects,
    grants: byParent,
    clientRoles: byParent,
    customRoles: objects,
    resourceSets: objects,
    policies: objects,
    appPolicies: z.record(z.string(), z.string()),
    eventHooks: objects,
    inlineHooks: objects,
    authenticators: objects,
    apiTokens: objects,
    users: objects,
    factors: byParent,
  })
  .partial()
  .strict();

/** Checks a seed read from JSON; the error names the offending key and the allowed ones. */
export function parseSeed(value: unknown): OrgSeed {
  const result = seedSchema.safeParse(value);
  if (result.success) return result.data as OrgSeed;
  const issue = result.error.issues[0]!;
  const where = issue.path.length === 0 ? "seed" : `seed.${issue.path.join(".")}`;
  const allowed = Object.keys(seedSchema.shape).join(", ");
  throw new TypeError(`${where}: ${issue.message} (seed collections: ${allowed})`);
}

/** What every simulated org has: its admin, the default access policy, IE authenticators. */
export function baseOrg(org: Org): void {
  const created = nowIso(org);
  org.state.users.set(defaultAdminUser(created));
  org.state.policies.set(defaultAccessPolicy(created));
  for (const a of identityEngineAuthenticators(created)) org.state.authenticators.set(a);
}

function complete(org: Org, prefix: string, value: SeedObject): OktaObject {
  const now = nowIso(org);
  return {
    created: now,
    lastUpdated: now,
    ...structuredClone(value),
    id: value.id ?? oktaId(prefix),
  } as OktaObject;
}

/** Moves a hook's `authScheme.value` into the org's secrets: Okta never returns it. */
export function stashHookSecret(org: Org, hook: OktaObject): OktaObject {
  const config = (hook.channel as { config?: { authScheme?: Record<string, unknown> } } | undefined)
    ?.config;
  const scheme = config?.authScheme;
  if (isRecord(scheme) && typeof scheme.value === "string") {
    org.state.hookSecrets.set(hook.id, scheme.value);
    delete scheme.value;
  }
  return hook;
}

/** Creates an API token object and its SSWS value. The value is a secret. */
export function issueSswsToken(
  org: Org,
  name: string,
  roles: readonly string[],
  value: string = `00${randomBytes(30).toString("base64url")}`,
  object: SeedObject = {},
): string {
  const now = nowIso(org);
  const token = org.state.apiTokens.set({
    clientName: "Okta API",
    created: now,
    lastUpdated: now,
    expiresAt: new Date(org.clock.now() + 30 * 24 * 3600_000).toISOString(),
    userId: ORG_ADMIN_USER_ID,
    network: { connection: "ANYWHERE" },
    tokenWindow: "P30D",
    ...object,
    name,
    id: object.id ?? oktaId("00T"),
  });
  org.state.sswsSecrets.set(value, { tokenId: token.id, roles: [...roles] });
  return value;
}

export function applySeed(org: Org, input: OrgSeed): void {
  const seed = parseSeed(input);
  const { state } = org;
  for (const app of seed.apps ?? []) seedApp(org, app);
  for (const [appId, grants] of Object.entries(seed.grants ?? {})) {
    for (const g of grants)
      state.grants.of(appId).set(complete(org, "oag", { status: "ACTIVE", ...g }));
  }
  for (const [clientId, roles] of Object.entries(seed.clientRoles ?? {})) {
    for (const r of roles) {
      state.clientRoles
        .of(clientId)
        .set(complete(org, "ra1", { status: "ACTIVE", assignmentType: "CLIENT", ...r }));
    }
  }
  for (const { permissions, ...role } of seed.customRoles ?? []) {
    const stored = state.customRoles.set(complete(org, "cr0", role));
    for (const label of permissions ?? []) {
      state.rolePermissions.of(stored.id).set(complete(org, "", { id: label, label }));
    }
  }
  for (const { resources, ...set } of seed.resourceSets ?? []) {
    const stored = state.resourceSets.set(complete(org, "iam", set));
    for (const r of resources ?? []) {
      const resource =
        typeof r === "string" ? resourceFromReference(org, r) : complete(org, "ire", r);
      state.resourceSetResources.of(stored.id).set(resource);
    }
  }
  for (const p of seed.policies ?? []) state.policies.set(complete(org, "00p", p));
  for (const [appId, policyId] of Object.entries(seed.appPolicies ?? {})) {
    state.appPolicies.set(appId, policyId);
  }
  for (const h of seed.eventHooks ?? []) {
    state.eventHooks.set(
      stashHookSecret(
        org,
        complete(org, "who", { status: "ACTIVE", verificationStatus: "UNVERIFIED", ...h }),
      ),
    );
  }
  for (const h of seed.inlineHooks ?? []) {
    state.inlineHooks.set(stashHookSecret(org, complete(org, "cal", { status: "ACTIVE", ...h })));
  }
  for (const a of seed.authenticators ?? []) {
    const existing = state.authenticators.find((x) => x.key === a.key);
    if (existing !== undefined) state.authenticators.delete(existing.id);
    state.authenticators.set(complete(org, "aut", { status: "ACTIVE", ...a }));
  }
  for (const { token, roles, ...object } of seed.apiTokens ?? []) {
    issueSswsToken(
      org,
      String(object.name ?? "seeded token"),
      roles ?? ["SUPER_ADMIN"],
      token,
      object,
    );
  }
  for (const u of seed.users ?? [])
    state.users.set(complete(org, "00u", { status: "ACTIVE", ...u }));
  for (const [userId, factors] of Object.entries(seed.factors ?? {})) {
    for (const f of factors)
      state.factors.of(userId).set(complete(org, "fac", { status: "ACTIVE", ...f }));
  }
}

/**
 * A resource-set member from the ORN or REST URL the provider sends (`PATCH …/resources
 * {additions}`); the provider compares members by `_links.self.href` exactly as given.
 */
export function resourceFromReference(org: Org, reference: string): OktaObject {
  const now = nowIso(org);
  const isOrn = reference.startsWith("orn:");
  return {
    id: oktaId("ire"),
    created: now,
    lastUpdated: now,
    ...(isOrn ? { orn: reference } : {}),
    _links: { self: { href: reference } },
  };
}
