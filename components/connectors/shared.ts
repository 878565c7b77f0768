// The pieces several connectors may need and that exist once per stack (or per org), by the
// logical name of their top-level component, and the one secret several connectors hand out.
// Connectors name the pieces they use (Connector.sharedPieces); index.ts creates each once.

import type { ConnectorSecret } from "../../config/connectorSpec";

export const SHARED_PIECES = {
  /** okta.ApiToken import of `oktaplane:oktaApiToken` (one token, whoever uses it). */
  apiToken: "okta-api-token",
  /** Okta Verify push: one org-wide authenticator (OIE) or factor (Classic). */
  oktaVerifyPush: "okta-verify-push",
  /** The stack's one hook receiver, with its own read-users service app of the same name. */
  hookReceiver: "hook-receiver",
  /** Okta allows one telephony provider inline hook per org. */
  telephonyProvider: "telephony-provider",
} as const;
export type SharedPiece = keyof typeof SHARED_PIECES;

/** `oktaplane:oktaApiToken`: the one existing token every connector that takes a token shares. */
export function oktaApiTokenSecret<C>(neededBy?: (block: C) => boolean): ConnectorSecret<C> {
  return {
    key: "oktaApiToken",
    description:
      "An existing Okta API token (SSWS). No API can create one: make it in the Admin Console " +
      "(Security > API > Tokens) as the least-privileged admin that the connector needs.",
    ...(neededBy === undefined ? {} : { neededBy }),
  };
}
