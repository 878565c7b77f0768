// What `adopt` keeps of an org: Okta's own API objects reduced to the public fields matching needs.
// Each normalizer copies named fields only, so a client secret, a hook's auth value or an API
// token value can never travel further than the HTTP response that carried it.
// Shapes: Okta Management API spec (reference/okta-management-openapi-2026.06.3.yaml).

import type { AdoptConfig } from "../../config/schema";

/** A public signing key as Okta lists it and as `oktaplane:adopt.publishedKeys` keeps it. */
export type PublicKey = AdoptConfig["publishedKeys"][string][number];

export interface OrgApp {
  readonly id: string;
  readonly label: string;
  /** ACTIVE, INACTIVE or DELETED (a deleted app's leftover, never adopted). */
  readonly status: string;
  /** `oidc_client` for OAuth apps. */
  readonly name: string;
  readonly signOnMode: string;
  /** OAuth apps only: the client id (equal to the app id for OIDC apps). */
  readonly clientId?: string;
  /** `service` (API Services), `web`, `native`, `browser`. */
  readonly applicationType?: string;
  readonly tokenEndpointAuthMethod?: string;
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly dpopBound: boolean;
  /** Public keys in the app object (`settings.oauthClient.jwks`); absent when not there. */
  readonly jwks?: readonly PublicKey[];
  readonly jwksUri?: string;
}

export interface OrgGrant {
  readonly id: string;
  readonly scopeId: string;
  readonly issuer: string;
  readonly status: string;
}

/** A client's admin role assignment (listRolesForClient): standard, or CUSTOM with role + set. */
export interface OrgRoleAssignment {
  readonly id: string;
  readonly type: string;
  readonly label: string;
  readonly status: string;
  readonly role?: string;
  readonly resourceSet?: string;
}

export interface OrgCustomRole {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly permissions: readonly string[];
}

export interface OrgResourceSet {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Member paths, e.g. `/api/v1/users`, `/api/v1/groups/00g…` (hosts dropped: see memberPath). */
  readonly resources: readonly string[];
}

export interface OrgEventHook {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly verificationStatus: string;
  readonly uri: string;
  readonly events: readonly string[];
  /** The auth header's name; its value is never returned by Okta, nor kept here. */
  readonly authHeader?: string;
}

export interface OrgInlineHook {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly uri: string;
}

export interface OrgAuthenticator {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly status: string;
}

/** An API token's metadata (listApiTokens); Okta never returns a token's value after creation. */
export interface OrgApiToken {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly clientName: string;
  readonly network?: string;
}

/** Everything one adopt run read. Per-app details exist only for the apps that were looked at. */
export interface OrgSnapshot {
  readonly apps: readonly OrgApp[];
  readonly grants: Readonly<Record<string, readonly OrgGrant[]>>;
  readonly clientRoles: Readonly<Record<string, readonly OrgRoleAssignment[]>>;
  /** Keys from the app's JWKS API, for apps whose object carries none. */
  readonly appKeys: Readonly<Record<string, readonly PublicKey[]>>;
  readonly customRoles: readonly OrgCustomRole[];
  readonly resourceSets: readonly OrgResourceSet[];
  readonly eventHooks: readonly OrgEventHook[];
  readonly inlineHooks: readonly OrgInlineHook[];
  /** `undefined` on a Classic org (no Authenticators API). */
  readonly authenticators?: readonly OrgAuthenticator[];
  readonly apiTokens: readonly OrgApiToken[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const opt = <K extends string>(key: K, v: string): { [P in K]?: string } =>
  (v === "" ? {} : { [key]: v }) as { [P in K]?: string };

/** Public members of a JWK, in the provider's `jwks` shape; undefined for anything else. */
export function publicJwk(raw: unknown): PublicKey | undefined {
  const k = obj(raw);
  const kid = str(k["kid"]);
  const status = str(k["status"]);
  if (kid === "" || (status !== "" && status !== "ACTIVE")) return undefined;
  if (k["kty"] === "RSA" && str(k["n"]) && str(k["e"]))
    return { kty: "RSA", kid, e: str(k["e"]), n: str(k["n"]) };
  if (k["kty"] === "EC" && str(k["x"]) && str(k["y"]))
    return { kty: "EC", kid, x: str(k["x"]), y: str(k["y"]) };
  return undefined;
}

export function toApp(raw: unknown): OrgApp {
  const a = obj(raw);
  const client = obj(obj(a["credentials"])["oauthClient"]);
  const settings = obj(obj(a["settings"])["oauthClient"]);
  const jwks = obj(settings["jwks"])["keys"];
  return {
    id: str(a["id"]),
    label: str(a["label"]),
    status: str(a["status"]),
    name: str(a["name"]),
    signOnMode: str(a["signOnMode"]),
    ...opt("clientId", str(client["client_id"])),
    ...opt("applicationType", str(settings["application_type"])),
    ...opt("tokenEndpointAuthMethod", str(client["token_endpoint_auth_method"])),
    grantTypes: strs(settings["grant_types"]),
    redirectUris: strs(settings["redirect_uris"]),
    dpopBound: settings["dpop_bound_access_tokens"] === true,
    ...(Array.isArray(jwks) ? { jwks: jwks.flatMap((k) => publicJwk(k) ?? []) } : {}),
    ...opt("jwksUri", str(settings["jwks_uri"])),
  };
}

export function toGrant(raw: unknown): OrgGrant {
  const g = obj(raw);
  return {
    id: str(g["id"]),
    scopeId: str(g["scopeId"]),
    issuer: str(g["issuer"]),
    status: str(g["status"]),
  };
}

export function toRoleAssignment(raw: unknown): OrgRoleAssignment {
  const r = obj(raw);
  return {
    id: str(r["id"]),
    type: str(r["type"]),
    label: str(r["label"]),
    status: str(r["status"]),
    ...opt("role", str(r["role"])),
    ...opt("resourceSet", str(r["resource-set"])),
  };
}

export function toCustomRole(raw: unknown, permissions: readonly unknown[]): OrgCustomRole {
  const r = obj(raw);
  return {
    id: str(r["id"]),
    label: str(r["label"]),
    description: str(r["description"]),
    permissions: permissions.map((p) => str(obj(p)["label"])).filter((p) => p !== ""),
  };
}

/**
 * A resource set member as a path below the org: Okta lists members by `_links.self.href`
 * (`https://<org>/api/v1/groups/00g…`) or ORN; the host differs between the org and a proxy in
 * front of it, the path does not.
 */
export function memberPath(raw: unknown): string {
  const m = obj(raw);
  const href = str(obj(obj(m["_links"])["self"])["href"]);
  if (href !== "") {
    try {
      return new URL(href).pathname;
    } catch {
      return href;
    }
  }
  // orn:<partition>:directory:<orgId>:groups:<id>, or …:users
  const parts = str(m["orn"]).split(":");
  if (parts[2] === "directory" && parts[4] === "users") return "/api/v1/users";
  if (parts[2] === "directory" && parts[4] === "groups" && parts[5])
    return `/api/v1/groups/${parts[5]}`;
  return str(m["orn"]) || str(m["id"]);
}

export function toResourceSet(raw: unknown, members: readonly unknown[]): OrgResourceSet {
  const s = obj(raw);
  return {
    id: str(s["id"]),
    label: str(s["label"]),
    description: str(s["description"]),
    resources: [...new Set(members.map(memberPath))].sort(),
  };
}

export function toEventHook(raw: unknown): OrgEventHook {
  const h = obj(raw);
  const config = obj(obj(h["channel"])["config"]);
  const auth = obj(config["authScheme"]);
  return {
    id: str(h["id"]),
    name: str(h["name"]),
    status: str(h["status"]),
    verificationStatus: str(h["verificationStatus"]),
    uri: str(config["uri"]),
    events: strs(obj(h["events"])["items"]),
    ...opt("authHeader", str(auth["key"])),
  };
}

export function toInlineHook(raw: unknown): OrgInlineHook {
  const h = obj(raw);
  return {
    id: str(h["id"]),
    name: str(h["name"]),
    type: str(h["type"]),
    status: str(h["status"]),
    uri: str(obj(obj(h["channel"])["config"])["uri"]),
  };
}

export function toAuthenticator(raw: unknown): OrgAuthenticator {
  const a = obj(raw);
  return { id: str(a["id"]), key: str(a["key"]), name: str(a["name"]), status: str(a["status"]) };
}

export function toApiToken(raw: unknown): OrgApiToken {
  const t = obj(raw);
  return {
    id: str(t["id"]),
    name: str(t["name"]),
    userId: str(t["userId"]),
    clientName: str(t["clientName"]),
    ...opt("network", str(obj(t["network"])["connection"])),
  };
}
