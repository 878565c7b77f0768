// What each enabled connector adds to a stack, from config alone (no Pulumi): the logical name of
// its component, the shared pieces it relies on, its sheet's title and what stays manual. The
// plan reports it beside the resources it found under those names.

import type { StackConfig } from "../../config/schema";
import type { ConnectorBundle } from "../outputs";
import { moveworksApiKeyBundle, moveworksJwtBundle, moveworksManualSteps } from "./moveworksBundle";
import { enabledConnectors, SHARED_PIECES, type ConnectorId, type SharedPiece } from "./names";
import {
  servicenowSpokeApiKeyBundle,
  servicenowSpokeManualSteps,
  servicenowSpokeOAuthBundle,
} from "./servicenowSpokeBundle";
import { connectorContext } from "./sheet";
import { twilioVerifyBundle, twilioVerifyManualSteps } from "./twilioVerifyBundle";
import { voiceAgentBundle, voiceAgentManualSteps } from "./voiceAgentBundle";

export interface ConnectorFootprint {
  readonly id: ConnectorId;
  readonly title: string;
  /** Logical name of the connector's own top-level component. */
  readonly root: string;
  /** Logical names of the shared top-level components it uses (created once per stack). */
  readonly shared: readonly string[];
  /** The sheet's field names, in order (values are known only after deployment). */
  readonly fields: readonly string[];
  readonly manualSteps: readonly string[];
}

/** Stands in for values only a deployment knows. */
const LATER = "";

/** The deploy-time values a sheet reads, named by what produces them. */
export type LaterValue =
  | "clientId"
  | "clientSecret"
  | "kid"
  | "privateKeyPem"
  | "apiToken"
  | "tokenUrl"
  | "eventsUrl"
  | "telephonyUrl";

/** Whether `oktaplane:oktaApiToken` is imported as an okta.ApiToken (its id is configured). */
export function importsApiToken(config: StackConfig): boolean {
  const spoke = config.connectors.servicenowSpoke;
  return spoke?.auth === "api-key" && spoke.apiTokenId !== undefined;
}

/** Whether a connector hands out `oktaplane:oktaApiToken`. */
export function usesApiToken(id: ConnectorId, config: StackConfig): boolean {
  const c = config.connectors;
  if (id === "servicenow-spoke") return c.servicenowSpoke?.auth === "api-key";
  if (id === "servicenow-voice-agent") return c.servicenowVoiceAgent !== undefined;
  if (id === "moveworks") return c.moveworks?.auth === "api-key";
  return false;
}

/** The shared pieces a connector relies on, in a fixed order. */
export function sharedPiecesOf(id: ConnectorId, config: StackConfig): SharedPiece[] {
  const pieces: SharedPiece[] = [];
  if (usesApiToken(id, config) && importsApiToken(config)) pieces.push("apiToken");
  if (id === "servicenow-voice-agent") pieces.push("oktaVerifyPush");
  if (id === "twilio-verify") pieces.push("hookReceiver", "telephonyProvider");
  return pieces;
}

/**
 * The sheet each enabled connector emits, with deploy-time values left empty, or filled by
 * `later` (the plan passes markers to learn which field shows which value).
 */
export function connectorSheet(
  id: ConnectorId,
  stack: string,
  config: StackConfig,
  later: (value: LaterValue) => string = () => LATER,
): ConnectorBundle {
  const ctx = connectorContext(stack, config);
  const c = config.connectors;
  const { orgUrl, environment } = ctx;
  switch (id) {
    case "servicenow-spoke": {
      const spoke = c.servicenowSpoke!;
      const steps = servicenowSpokeManualSteps(ctx, spoke);
      return spoke.auth === "oauth"
        ? servicenowSpokeOAuthBundle(
            {
              orgUrl,
              instance: spoke.instance,
              clientId: later("clientId"),
              clientSecret: later("clientSecret"),
            },
            steps,
          )
        : servicenowSpokeApiKeyBundle({ orgUrl, apiToken: later("apiToken") }, steps);
    }
    case "servicenow-voice-agent":
      return voiceAgentBundle(
        { orgUrl, apiToken: later("apiToken") },
        voiceAgentManualSteps(ctx, c.servicenowVoiceAgent!),
      );
    case "moveworks": {
      const mw = c.moveworks!;
      const steps = moveworksManualSteps(ctx, mw);
      return mw.auth === "jwt"
        ? moveworksJwtBundle(
            {
              environment,
              orgUrl,
              clientId: later("clientId"),
              kid: later("kid"),
              algorithm: "RS256",
              tokenUrl: later("tokenUrl"),
              audience: later("tokenUrl"),
              scopes: [],
              privateKeyPem: later("privateKeyPem"),
            },
            steps,
          )
        : moveworksApiKeyBundle({ environment, orgUrl, apiToken: later("apiToken") }, steps);
    }
    case "twilio-verify": {
      const tw = c.twilioVerify!;
      return twilioVerifyBundle(
        { ...tw, eventsUrl: later("eventsUrl"), telephonyUrl: later("telephonyUrl") },
        twilioVerifyManualSteps(ctx, tw),
      );
    }
  }
}

/** Every enabled connector's footprint, in CONNECTOR_IDS order. */
export function connectorFootprints(stack: string, config: StackConfig): ConnectorFootprint[] {
  return enabledConnectors(config.connectors).map((id) => {
    const sheet = connectorSheet(id, stack, config);
    return {
      id,
      title: sheet.title,
      root: id,
      shared: sharedPiecesOf(id, config).map((p) => SHARED_PIECES[p]),
      fields: sheet.fields.map((f) => (f.form === undefined ? f.name : `${f.form} › ${f.name}`)),
      manualSteps: sheet.manualSteps,
    };
  });
}
