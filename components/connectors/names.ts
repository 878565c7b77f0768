// The connector presets by id: the id a user passes to `handoff --connector`, the config key that
// enables each, and the logical names of what they create (policies and the plan read these).

import type { ConnectorsConfig } from "../../config/schema";

/** Connector ids, in the order the plan and the docs list them. */
export const CONNECTOR_IDS = [
  "servicenow-spoke",
  "servicenow-voice-agent",
  "moveworks",
  "twilio-verify",
] as const;
export type ConnectorId = (typeof CONNECTOR_IDS)[number];

/** The `oktaplane:connectors` key that enables each connector. */
export const CONFIG_KEY_OF: Readonly<Record<ConnectorId, keyof ConnectorsConfig>> = {
  "servicenow-spoke": "servicenowSpoke",
  "servicenow-voice-agent": "servicenowVoiceAgent",
  moveworks: "moveworks",
  "twilio-verify": "twilioVerify",
};

/**
 * Logical names of the apps connectors create. An app's resources carry its name or sit under a
 * component of that name, so a policy can tell which app a grant or role belongs to; a
 * `serviceApps.<key>` of the same name would make that ambiguous, so these keys are reserved.
 */
export const CONNECTOR_APP_NAMES = {
  moveworks: "moveworks",
  servicenowSpoke: "servicenow-spoke",
  hookReceiver: "hook-receiver",
} as const;

/**
 * Pieces that several connectors may need and that exist once per stack (or per org), by the
 * logical name of their top-level component.
 */
export const SHARED_PIECES = {
  /** okta.ApiToken import of `oktaplane:oktaApiToken` (one token, whoever uses it). */
  apiToken: "okta-api-token",
  /** Okta Verify push: one org-wide authenticator (OIE) or factor (Classic). */
  oktaVerifyPush: "okta-verify-push",
  /** The stack's one hook receiver, with its own read-users service app. */
  hookReceiver: CONNECTOR_APP_NAMES.hookReceiver,
  /** Okta allows one telephony provider inline hook per org. */
  telephonyProvider: "telephony-provider",
} as const;
export type SharedPiece = keyof typeof SHARED_PIECES;

/** The connectors a config enables, in CONNECTOR_IDS order. */
export function enabledConnectors(connectors: ConnectorsConfig): ConnectorId[] {
  return CONNECTOR_IDS.filter((id) => connectors[CONFIG_KEY_OF[id]] !== undefined);
}

export function isConnectorId(value: string): value is ConnectorId {
  return (CONNECTOR_IDS as readonly string[]).includes(value);
}
