// Hand-made orgs in Okta's own API object shapes (Management API spec 2026.06.3), built the way
// the seeds in ../shared/seeds/ tell a person to click them together, plus a messy org. The same
// objects feed the pure tests (through cli/adopt/org.ts) and the servers the reader tests use.

import { generateKeyPairSync } from "node:crypto";
import { CAPABILITIES } from "../../../components/capabilities";

export type Raw = Record<string, unknown>;

/** An org as lists of Okta API objects, with the per-object sub-resources beside them. */
export interface RawOrg {
  readonly apps: Raw[];
  /** By app id (listScopeConsentGrants). */
  readonly grants: Record<string, Raw[]>;
  /** By client id (listRolesForClient). */
  readonly clientRoles: Record<string, Raw[]>;
  /** By app id (listJwk), for apps whose object carries no jwks. */
  readonly appKeys: Record<string, Raw[]>;
  readonly customRoles: { role: Raw; permissions: Raw[] }[];
  readonly resourceSets: { set: Raw; resources: Raw[] }[];
  readonly eventHooks: Raw[];
  readonly inlineHooks: Raw[];
  readonly authenticators: Raw[];
  readonly apiTokens: Raw[];
}

export const ORG = "https://dev-31415926.oktapreview.com";
/** Marker values that must never reach any output. */
export const SPOKE_CLIENT_SECRET = "spoke-client-secret-DO-NOT-PRINT-8f2b";
export const HOOK_AUTH_SECRET = "twilio-basic-auth-DO-NOT-PRINT-77aa";

/** Okta-looking ids: a prefix and a padded counter, 20 characters. */
export function oktaId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(20 - prefix.length, "0")}`;
}

const generated = new Map<string, Raw>();
/** A real RSA public key as a JWK, as Okta lists a key the console generated (one per kid). */
export function rsaPublicJwk(kid: string): Raw {
  let jwk = generated.get(kid);
  if (jwk === undefined) {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { kty, e, n } = publicKey.export({ format: "jwk" });
    jwk = { id: `pks${kid}`, kid, kty, e, n, alg: "RS256", use: "sig", status: "ACTIVE" };
    generated.set(kid, jwk);
  }
  return { ...jwk };
}

export function oidcApp(a: {
  id: string;
  label: string;
  type: "service" | "web";
  status?: string;
  auth?: string;
  redirectUris?: string[];
  jwks?: Raw[];
  dpop?: boolean;
  clientSecret?: string;
}): Raw {
  return {
    id: a.id,
    name: "oidc_client",
    label: a.label,
    status: a.status ?? "ACTIVE",
    signOnMode: "OPENID_CONNECT",
    credentials: {
      oauthClient: {
        client_id: a.id,
        autoKeyRotation: true,
        token_endpoint_auth_method:
          a.auth ?? (a.type === "service" ? "private_key_jwt" : "client_secret_basic"),
        ...(a.clientSecret === undefined ? {} : { client_secret: a.clientSecret }),
      },
    },
    settings: {
      oauthClient: {
        application_type: a.type,
        grant_types:
          a.type === "service"
            ? ["client_credentials"]
            : ["authorization_code", "refresh_token", "implicit"],
        response_types: a.type === "service" ? ["token"] : ["code", "token", "id_token"],
        redirect_uris: a.redirectUris ?? [],
        ...(a.jwks === undefined ? {} : { jwks: { keys: a.jwks } }),
        dpop_bound_access_tokens: a.dpop ?? false,
      },
    },
    _links: { self: { href: `${ORG}/api/v1/apps/${a.id}` } },
  };
}

/** A bookmark app: the bulk of a large org, never integration-like. */
export function bookmarkApp(id: string, label: string, status = "ACTIVE"): Raw {
  return {
    id,
    name: "bookmark",
    label,
    status,
    signOnMode: "BOOKMARK",
    settings: { app: { url: "https://intranet.example.com" } },
  };
}

/**
 * Grant and role assignment ids count from 1 again in each org built below, as in a fresh org:
 * test files share a process (vitest.config.mts), and ids must not depend on the files before.
 */
let grantCounter = 0;
function countIdsAfresh(): void {
  [grantCounter, roleCounter] = [0, 0];
}
export function grants(appId: string, scopes: readonly string[]): Raw[] {
  return scopes.map((scopeId) => ({
    id: oktaId("oag", ++grantCounter),
    issuer: ORG,
    scopeId,
    clientId: appId,
    status: "ACTIVE",
    source: "ADMIN",
  }));
}

const ROLE_LABELS: Record<string, string> = {
  READ_ONLY_ADMIN: "Read Only Administrator",
  USER_ADMIN: "Group Administrator",
  APP_ADMIN: "Application Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  REPORT_ADMIN: "Report Administrator",
  SUPER_ADMIN: "Super Administrator",
};
let roleCounter = 0;
export function standardRole(type: string): Raw {
  return {
    id: `JBCUYUC7IRCVGS27IF${String(++roleCounter).padStart(6, "0")}`,
    label: ROLE_LABELS[type] ?? type,
    type,
    status: "ACTIVE",
    assignmentType: "CLIENT",
  };
}
export function customRoleAssignment(role: string, resourceSet: string, label: string): Raw {
  return {
    id: oktaId("irb", ++roleCounter),
    label,
    type: "CUSTOM",
    status: "ACTIVE",
    assignmentType: "CLIENT",
    role,
    "resource-set": resourceSet,
  };
}

export const MOVEWORKS_APP = oktaId("0oamw", 1);
export const SPOKE_APP = oktaId("0oasn", 1);
export const FEEDBACK_HOOK = oktaId("who", 1);
export const TELEPHONY_HOOK = oktaId("cal", 1);
export const OKTA_VERIFY = oktaId("aut", 1);
export const PHONE = oktaId("aut", 2);
export const SPOKE_TOKEN = oktaId("00T", 1);
export const OTHER_TOKEN = oktaId("00T", 2);
/** Scopes granted to the Moveworks app beyond the ten of Moveworks' guide. */
export const MOVEWORKS_EXTRA_SCOPES = ["okta.policies.read", "okta.roles.manage"];
/** The roles Moveworks' access requirements list for its three capabilities. */
export const MOVEWORKS_SEED_ROLES = [
  "READ_ONLY_ADMIN",
  "USER_ADMIN",
  "APP_ADMIN",
  "HELP_DESK_ADMIN",
  "REPORT_ADMIN",
];

/**
 * The seeds done by hand: Moveworks' API Services app (Agent Studio guide: DPoP off, one console
 * key) with the guide's ten scopes plus extra grants and the access requirements' roles; the
 * ServiceNow spoke's OIDC web app with its nine scopes; an SSWS token for the spoke; Twilio's
 * feedback event hook to a Twilio Function; an ACTIVE telephony inline hook; Okta Verify on.
 */
export function seededOrg(): RawOrg {
  countIdsAfresh();
  const moveworksKey = rsaPublicJwk("mw-console-2024");
  return {
    apps: [
      oidcApp({
        id: MOVEWORKS_APP,
        label: "Agent Studio API Integration",
        type: "service",
        jwks: [moveworksKey],
      }),
      oidcApp({
        id: SPOKE_APP,
        label: "ServiceNow Okta Spoke",
        type: "web",
        redirectUris: ["https://acmedev.service-now.com/oauth_redirect.do"],
        clientSecret: SPOKE_CLIENT_SECRET,
      }),
      bookmarkApp(oktaId("0oabm", 1), "Intranet"),
    ],
    grants: {
      [MOVEWORKS_APP]: grants(MOVEWORKS_APP, [
        ...CAPABILITIES["moveworks-scopes"].scopes,
        ...MOVEWORKS_EXTRA_SCOPES,
      ]),
      [SPOKE_APP]: grants(SPOKE_APP, CAPABILITIES["servicenow-spoke"].scopes),
    },
    clientRoles: { [MOVEWORKS_APP]: MOVEWORKS_SEED_ROLES.map(standardRole) },
    appKeys: {},
    customRoles: [],
    resourceSets: [],
    eventHooks: [
      {
        id: FEEDBACK_HOOK,
        name: "Twilio MFA feedback",
        status: "ACTIVE",
        verificationStatus: "VERIFIED",
        events: {
          type: "EVENT_TYPE",
          items: ["user.mfa.factor.activate", "user.authentication.auth_via_mfa"],
        },
        channel: {
          type: "HTTP",
          version: "1.0.0",
          config: {
            uri: "https://okta-1234.twil.io/OktaEventHook",
            headers: [],
            // What the seed's "HTTP Basic Authentication" stores; Okta never returns `value`, a
            // careless API proxy might: adopt must not carry it further.
            authScheme: { type: "HEADER", key: "Authorization", value: HOOK_AUTH_SECRET },
          },
        },
      },
    ],
    inlineHooks: [
      {
        id: TELEPHONY_HOOK,
        name: "Twilio telephony",
        status: "ACTIVE",
        type: "com.okta.telephony.provider",
        version: "1.0.0",
        channel: {
          type: "HTTP",
          version: "1.0.0",
          config: { uri: "https://okta-1234.twil.io/telephony", method: "POST", headers: [] },
        },
      },
    ],
    authenticators: [
      { id: OKTA_VERIFY, key: "okta_verify", name: "Okta Verify", status: "ACTIVE", type: "app" },
      { id: PHONE, key: "phone_number", name: "Phone", status: "ACTIVE", type: "phone" },
    ],
    apiTokens: [
      {
        id: SPOKE_TOKEN,
        name: "ServiceNow spoke",
        userId: oktaId("00u", 1),
        clientName: "Okta API",
        tokenWindow: "P30D",
        network: { connection: "ANYWHERE" },
      },
      {
        id: OTHER_TOKEN,
        name: "terraform",
        userId: oktaId("00u", 2),
        clientName: "Okta API",
        tokenWindow: "P30D",
      },
    ],
  };
}

export const REPORTING_A = oktaId("0oarp", 1);
export const REPORTING_B = oktaId("0oarp", 2);
export const AUDITOR_LIVE = oktaId("0oaau", 1);
export const AUDITOR_OLD = oktaId("0oaau", 2);
export const AUDITOR_DELETED = oktaId("0oaau", 3);

/**
 * A messy org: two ACTIVE apps share the label the stack declares for `reporting`; the auditor
 * app was made twice (an INACTIVE first try and a DELETED one still listed); `bulk` bookmark
 * apps across pages.
 */
export function messyOrg(bulk: number): RawOrg {
  countIdsAfresh();
  const apps: Raw[] = [];
  for (let i = 0; i < bulk; i++) apps.push(bookmarkApp(oktaId("0oabk", i), `Bookmark ${i}`));
  apps.splice(
    Math.floor(bulk / 2),
    0,
    oidcApp({
      id: REPORTING_A,
      label: "Reporting exporter",
      type: "service",
      jwks: [rsaPublicJwk("rp-a")],
    }),
    oidcApp({ id: AUDITOR_OLD, label: "Auditor", type: "service", status: "INACTIVE" }),
    oidcApp({ id: AUDITOR_DELETED, label: "Auditor", type: "service", status: "DELETED" }),
  );
  apps.push(
    oidcApp({
      id: REPORTING_B,
      label: "Reporting exporter",
      type: "service",
      jwks: [rsaPublicJwk("rp-b")],
    }),
    oidcApp({ id: AUDITOR_LIVE, label: "Auditor", type: "service", jwks: [rsaPublicJwk("au-1")] }),
  );
  return {
    apps,
    grants: {
      [REPORTING_A]: grants(REPORTING_A, CAPABILITIES["read-only"].scopes),
      [REPORTING_B]: grants(REPORTING_B, CAPABILITIES["read-only"].scopes),
      [AUDITOR_LIVE]: grants(AUDITOR_LIVE, [...CAPABILITIES["read-only"].scopes, "okta.logs.read"]),
      [AUDITOR_OLD]: grants(AUDITOR_OLD, ["okta.users.read"]),
    },
    clientRoles: {
      [AUDITOR_LIVE]: [standardRole("READ_ONLY_ADMIN"), standardRole("SUPER_ADMIN")],
      [REPORTING_A]: [standardRole("READ_ONLY_ADMIN")],
      [REPORTING_B]: [standardRole("READ_ONLY_ADMIN")],
    },
    appKeys: {},
    customRoles: [],
    resourceSets: [],
    eventHooks: [],
    inlineHooks: [],
    authenticators: [
      { id: OKTA_VERIFY, key: "okta_verify", name: "Okta Verify", status: "INACTIVE", type: "app" },
    ],
    apiTokens: [],
  };
}
