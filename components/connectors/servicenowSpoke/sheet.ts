// The ServiceNow Okta spoke's sheets (seed: servicenow-okta-spoke-setup.txt), pure: with an API
// key, the "API Key Credentials" then "Connection" record forms; with OAuth, the "Configure
// Connection" table of Workflow Studio. Field names are the forms' own, in their order.

import { setSecretCommand } from "../../../config/secretCommand";
import type { ConnectorBundle } from "../../outputs";
import { serviceNowRedirectUri } from "../servicenow";
import type { ConnectorContext } from "../sheet";
import { form, orgAuthorizationServer, sswsApiKey } from "../sheet";
import type { SpokeConfig } from "./types";

export type { SpokeConfig };

export const SPOKE_FORMS = {
  credential: "API Key Credentials",
  connection: "Connection",
  oauth: "Configure Connection",
} as const;

/** The credential record's name, which the connection record then selects. */
const CREDENTIAL_NAME = "Okta Credentials";

export interface SpokeApiKeyValues {
  readonly orgUrl: string;
  /** SECRET: the Okta API token from `oktaplane:oktaApiToken`. */
  readonly apiToken: string;
}

export function servicenowSpokeApiKeyBundle(
  v: SpokeApiKeyValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  return {
    connector: "servicenow-spoke",
    title: "ServiceNow Okta spoke: API Key Credentials and Connection records",
    fields: [
      ...form(SPOKE_FORMS.credential, [
        ["Name", CREDENTIAL_NAME],
        ["Active", "true"],
        ["API Key", sswsApiKey(v.apiToken), "secret"],
        ["Applies to", "All MID Servers"],
        ["Order", "100"],
        ["Credential alias", "Okta (the Okta spoke's connection & credential alias)"],
      ]),
      ...form(SPOKE_FORMS.connection, [
        ["Name", "Okta Connection"],
        ["Credential", CREDENTIAL_NAME],
        ["Connection URL", v.orgUrl],
      ]),
    ],
    manualSteps,
  };
}

export interface SpokeOAuthValues {
  readonly orgUrl: string;
  readonly instance: string;
  readonly clientId: string;
  /** SECRET: the web app's client secret (Okta generates it). */
  readonly clientSecret: string;
}

export function servicenowSpokeOAuthBundle(
  v: SpokeOAuthValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  const as = orgAuthorizationServer(v.orgUrl);
  return {
    connector: "servicenow-spoke",
    title: "ServiceNow Okta spoke: Configure Connection (OAuth)",
    fields: form(SPOKE_FORMS.oauth, [
      ["Name", "keep the default (the alias's first connection)"],
      ["Connection URL", v.orgUrl],
      ["API Version", as.apiVersion],
      ["Authorization URL", as.authorize],
      ["Token URL", as.token],
      ["Token Revocation URL", as.revoke],
      ["OAuth Client ID", v.clientId],
      ["OAuth Client Secret", v.clientSecret, "secret"],
      ["OAuth Redirect URL", serviceNowRedirectUri(v.instance)],
    ]),
    manualSteps,
  };
}

/** The web app's label in Okta, which manual steps name. */
export function spokeAppLabel(ctx: ConnectorContext): string {
  return `oktaplane ${ctx.environment} ServiceNow Okta spoke`;
}

/** What stays manual for the spoke, in the order a person does it. */
export function servicenowSpokeManualSteps(ctx: ConnectorContext, spoke: SpokeConfig): string[] {
  const prerequisite =
    `On ${spoke.instance}.service-now.com: an Integration Hub subscription and the Okta spoke ` +
    "activated (role admin).";
  if (spoke.auth === "oauth") {
    return [
      prerequisite,
      `In Okta, assign the app "${spokeAppLabel(ctx)}" to the ServiceNow administrator who will ` +
        "get the token: the stack grants no user or group access (the form's " +
        '"Skip group assignment for now"). That user\'s Okta admin role bounds what the spoke can do.',
      "In ServiceNow, All > Process Automation > Workflow Studio > Integrations > Okta spoke > " +
        "View Details > Configure: fill Configure Connection from this sheet.",
      "Select Configure and Get OAuth Token while signed in to Okta as that user.",
    ];
  }
  const token =
    spoke.apiTokenId === undefined
      ? "Create the API token in Okta (Security > API > Tokens) as an admin holding only the roles " +
        `the spoke's actions need; no API can create one. Store it: ${setSecretCommand("oktaApiToken", ctx.stack)}. ` +
        "To restrict it to a network zone, set connectors.servicenowSpoke.apiTokenId (and networkZoneId)."
      : `The stack imports API token ${spoke.apiTokenId} (protected, kept on delete: deleting it ` +
        "revokes it)" +
        (spoke.networkZoneId === undefined
          ? "; it may be used from anywhere."
          : ` and restricts it to network zone ${spoke.networkZoneId}.`) +
        ` Its value comes from ${setSecretCommand("oktaApiToken", ctx.stack)}.`;
  return [
    prerequisite,
    token,
    "An Okta API token expires after 30 days without use: rotate it by creating a new one, " +
      "setting oktaplane:oktaApiToken, and handing off again.",
    "In ServiceNow, All > Connections & Credentials > Credentials > New > API Key Credentials: " +
      "fill it from this sheet, then Submit.",
    "All > Connections & Credentials > Connection & Credential Aliases > Okta > Connections > New: " +
      "fill the Connection record from this sheet, then Submit.",
  ];
}
