// What every API area's handlers share: the org (state, clock, switchable behaviours, outbound
// fetch for hooks), the authenticated caller, and the reply they return.
import type { SimClock } from "../shared/clock";
import type { SpecOperation } from "../../spec/oktaOperations";
import type { AccessTokens } from "./accessTokens";
import type { DpopVerifier } from "./dpopProof";
import type { OktaError } from "./errors";
import type { OktaObject, OrgState } from "./state";

/** Behaviours of the real Okta and its Terraform provider that a test may switch off (PROVIDERS.md). */
export interface Behaviours {
  /**
   * A full app PUT or a create without `settings.oauthClient.dpop_bound_access_tokens` stores
   * `false` (okta-sdk-golang fills the default, so every provider write sends false; Okta's spec
   * gives the property `default: false`). Off: an omitted flag keeps the stored value.
   * @default true
   */
  readonly dpopFlagDefaultsFalse: boolean;
  /**
   * An app whose client holds admin roles refuses `PUT /api/v1/apps/{id}` unless the caller is a
   * super admin (terraform-provider-okta#2025). @default true
   */
  readonly adminRolesBlockAppUpdate: boolean;
  /**
   * Authenticators answer Okta's whole settings object, keys the caller never sent included
   * (PROVIDERS.md, okta.Authenticator). Off: they answer only what was written. @default true
   */
  readonly wholeAuthenticatorSettings: boolean;
  /**
   * At most one ACTIVE `com.okta.telephony.provider` inline hook per org: activating another is
   * refused (MGMT createInlineHook: "only one active telephony hook"). @default true
   */
  readonly singleActiveTelephonyHook: boolean;
  /**
   * `dpop_bound_access_tokens: true` with `client_credentials`: `"console"` accepts it, as the
   * Admin Console creates API Services apps with DPoP required; `"spec"` refuses it as Okta's spec
   * says (OpenIdConnectApplicationSettingsClient, TOMBSTONE note). Open: issue 11 defect 10.
   * @default "console"
   */
  readonly dpopWithClientCredentials: "console" | "spec";
}

export const DEFAULT_BEHAVIOURS: Behaviours = {
  dpopFlagDefaultsFalse: true,
  adminRolesBlockAppUpdate: true,
  wholeAuthenticatorSettings: true,
  singleActiveTelephonyHook: true,
  dpopWithClientCredentials: "console",
};

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Org {
  /** The simulator's base URL, `http://127.0.0.1:P`. */
  readonly url: string;
  /**
   * The org URL clients name in grants' `issuer`, assertions' `aud` and DPoP `htu`: the base URL,
   * or the `https://…okta.com` a provider configured with `httpProxy` still uses.
   */
  readonly orgUrls: readonly string[];
  readonly state: OrgState;
  readonly clock: SimClock;
  readonly behaviours: Behaviours;
  /** How hook verification and execution reach a hook URI (the Cloudflare sim routes hostnames). */
  readonly outboundFetch: FetchLike;
  readonly tokens: AccessTokens;
  readonly dpop: DpopVerifier;
  /** Users the org has beyond `state.users`, looked up by id on each read (UserDirectory). */
  readonly directory?: UserDirectory;
}

/**
 * An org's users too many to seed (a benchmark's millions): the user with this id as
 * `GET /api/v1/users/{id}` returns it, or undefined. Built on each read and never stored.
 */
export type UserDirectory = (id: string) => OktaObject | undefined;

export interface Caller {
  readonly kind: "oauth" | "ssws";
  /** Client id, or the SSWS token's name. Never a secret. */
  readonly id: string;
  /** Standard admin roles the caller acts with. */
  readonly roles: readonly string[];
  /** Permissions of its custom roles. */
  readonly permissions: readonly string[];
  /** OAuth scopes of its access token (undefined for SSWS, which is not scoped). */
  readonly scopes?: readonly string[];
  /** The API token's id, for `DELETE /api/v1/api-tokens/current`. */
  readonly tokenId?: string;
}

export interface OpContext {
  readonly org: Org;
  readonly op: SpecOperation;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed, schema-checked JSON body (undefined when the request had none). */
  readonly body: unknown;
  readonly caller: Caller;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

export type OpHandler = (ctx: OpContext) => Reply | OktaError | Promise<Reply | OktaError>;

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent: Reply = { status: 204 };

/** `_links.self` etc. point at the org URL, as Okta's do. */
export function href(org: Org, path: string): { href: string } {
  return { href: `${org.orgUrls[0]}${path}` };
}

export const nowIso = (org: Org): string => new Date(org.clock.now()).toISOString();

/** Reads a nested object without `any`: `dig(app, "settings", "oauthClient")`. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Okta's `limit` query parameter, clamped to [1, max], with the endpoint's default. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = Number(query.get("limit") ?? fallback);
  return Number.isFinite(raw) ? Math.min(Math.max(1, Math.floor(raw)), max) : fallback;
}
