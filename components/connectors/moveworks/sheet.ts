// Moveworks' Okta sheets, pure: with JWT auth, the Agent Studio connector table of
// moveworks-agent-studio-okta-jwt-connector.txt row by row; with an API key, the Okta system
// connector of moveworks-okta-access-requirements.txt ("Service Account Authentication"); and
// the service app the JWT mode asks for.

import { serviceAppSchema } from "../../../config/schema";
import type { ServiceAppConfig } from "../../../config/types";
import { setSecretCommand } from "../../../config/secretCommand";
import { CAPABILITIES, type CapabilityName, type StandardRole } from "../../capabilities";
import type { ConnectorBundle } from "../../outputs";
import type { ConnectorContext } from "../sheet";
import { form } from "../sheet";
import type { MoveworksConfig } from "./types";

export type { MoveworksConfig };

export const MOVEWORKS_FORMS = {
  jwt: "Agent Studio connector",
  apiKey: "Okta system connector",
} as const;

/**
 * Lifetime of the client assertion Moveworks signs. The seed shows 3600, which is Okta's ceiling
 * ("exp no more than 1 h in the future"): a signer whose clock runs ahead is then refused. Five
 * minutes is ample for one token request and narrows the replay window.
 */
export const ASSERTION_LIFETIME_SECONDS = 300;

/**
 * Moveworks' select-field values per JWS algorithm. RS256 is the seed's; Moveworks documents ES256
 * as its other JWT signing algorithm, and the option name follows the RS256 one (not seen in a
 * screenshot: check the dropdown if a stack ever hands Moveworks an ES256 key).
 */
export const MOVEWORKS_JWT_ALGORITHMS = {
  RS256: "JWT_ALGORITHM_RS256",
  ES256: "JWT_ALGORITHM_ES256",
} as const;

export interface MoveworksJwtValues {
  readonly environment: string;
  readonly orgUrl: string;
  readonly clientId: string;
  readonly kid: string;
  readonly algorithm: keyof typeof MOVEWORKS_JWT_ALGORITHMS;
  /** The token endpoint, also the assertion's audience. */
  readonly tokenUrl: string;
  readonly audience: string;
  /** Granted scopes, requested all at once. */
  readonly scopes: readonly string[];
  /** SECRET: PKCS#8 PEM of the service app's active key. */
  readonly privateKeyPem: string;
}

export function moveworksJwtBundle(
  v: MoveworksJwtValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  return {
    connector: "moveworks",
    title: "Moveworks Agent Studio: Okta connector (JWT Auth)",
    fields: form(MOVEWORKS_FORMS.jwt, [
      ["Connection Name", connectionName(v.environment)],
      [
        "Description",
        `Okta Admin API as service app ${v.clientId} (private_key_jwt), by oktaplane`,
      ],
      ["Base URL", v.orgUrl],
      ["Auth Config", "JWT Auth"],
      ["Private Key", v.privateKeyPem, "secret"],
      ["Client ID", v.clientId],
      ["KID", v.kid],
      ["Jwt Auth Algorithm", MOVEWORKS_JWT_ALGORITHMS[v.algorithm]],
      ["Jwt Auth Claims Expiry Seconds", String(ASSERTION_LIFETIME_SECONDS)],
      ["Jwt Auth Claims Issuer", v.clientId],
      ["Jwt Auth Claims Subject", v.clientId],
      ["Jwt Auth Claims Audience", v.audience],
      ["Jwt Auth Oauth2 Access Token Request URL", v.tokenUrl],
      ["Assertion Key", "client_assertion"],
      ["Accept", "application/json"],
      ["Content-Type", "application/x-www-form-urlencoded"],
      ["client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"],
      ["scope", [...v.scopes].join(" ")],
      ["grant_type", "client_credentials"],
    ]),
    manualSteps,
  };
}

export interface MoveworksApiKeyValues {
  readonly environment: string;
  readonly orgUrl: string;
  /** SECRET: the Okta API token from `oktaplane:oktaApiToken`. */
  readonly apiToken: string;
}

export function moveworksApiKeyBundle(
  v: MoveworksApiKeyValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  return {
    connector: "moveworks",
    title: "Moveworks Setup: Okta system connector (API Key Auth)",
    fields: form(MOVEWORKS_FORMS.apiKey, [
      ["Connection Name", connectionName(v.environment)],
      ["Base URL", v.orgUrl],
      ["Authentication Type", "API Key Auth"],
      // The guide says to enter "the API Token you generated": the bare token, no SSWS prefix.
      ["API Key", v.apiToken, "secret"],
    ]),
    manualSteps,
  };
}

function connectionName(environment: string): string {
  return `Okta (oktaplane ${environment})`;
}

/** The Admin Console names of the standard roles Moveworks' guide asks for. */
const ROLE_LABELS: Partial<Record<StandardRole, string>> = {
  READ_ONLY_ADMIN: "Read-only Administrator",
  USER_ADMIN: "Group Administrator",
  APP_ADMIN: "Application Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  REPORT_ADMIN: "Report Administrator",
};

/** The standard roles a service account needs for the chosen capabilities (capabilities table). */
export function apiKeyAccountRoles(capabilities: MoveworksConfig["capabilities"]): string[] {
  const roles = new Set<string>();
  for (const name of capabilities) {
    for (const role of CAPABILITIES[name].roles) {
      if (role.kind === "standard") roles.add(ROLE_LABELS[role.type] ?? role.type);
    }
  }
  return [...roles];
}

export function moveworksManualSteps(ctx: ConnectorContext, mw: MoveworksConfig): string[] {
  if (mw.auth === "jwt") {
    return [
      "In Agent Studio, create a connector and fill it from this sheet. Private Key is a file " +
        `upload: npm run handoff -- --stack ${ctx.stack} --connector moveworks --show-secrets ` +
        '--field "Private Key" > moveworks-okta.pem (outside the repository), upload it, then ' +
        "delete the file.",
      "After the stack rotates the service app's active key, update Private Key and KID here.",
    ];
  }
  return [
    "In Okta, create a service account user for Moveworks and assign it the roles for " +
      `${mw.capabilities.join(", ")}: ${apiKeyAccountRoles(mw.capabilities).join(", ")}.` +
      (mw.groups === undefined
        ? ""
        : ` Constrain its Group Administrator role to groups ${mw.groups.join(", ")}.`),
    "Signed in as that user, create the API token (Security > API > Tokens); no API can create " +
      `one. Store it: ${setSecretCommand("oktaApiToken", ctx.stack)}.`,
    "In Moveworks Setup, Manage Connectors > System Connectors > CREATE NEW > Okta > " +
      "NEXT: ADD CREDS: fill it from this sheet (where the form offers Common Base URL, select it " +
      `and enter ${ctx.orgName} only if your org is on okta.com) and save the connector.`,
  ];
}

/** The service app's capabilities: the scopes of Moveworks' guide, then the chosen ones. */
export function moveworksCapabilities(mw: MoveworksConfig): CapabilityName[] {
  return ["moveworks-scopes", ...mw.capabilities];
}

/** The service app Moveworks' JWT auth needs, in the validated `serviceApps.<key>` shape. */
export function moveworksServiceApp(ctx: ConnectorContext, mw: MoveworksConfig): ServiceAppConfig {
  return serviceAppSchema.parse({
    label: `oktaplane ${ctx.environment} Moveworks`,
    capabilities: moveworksCapabilities(mw),
    ...(mw.groups === undefined ? {} : { groups: [...mw.groups] }),
    // Moveworks' recipe turns DPoP off: its connector cannot send proofs.
    requireDpop: false,
  });
}
