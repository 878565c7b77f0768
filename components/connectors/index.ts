// declareConnectors: builds every connector a stack enables, creating each shared piece (API token
// import, Okta Verify push, hook receiver and its app, telephony hook) once however many
// connectors use it, and returns the bundles to export as the `connectors` stack output.

import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config/schema";
import type { SecretKey } from "../../config/secrets";
import { protectByDefault } from "../../config/defaults";
import { OktaVerifyPush } from "../oktaVerifyPush";
import type {
  ConnectorDeps,
  HookReceiverLike,
  ServiceAppLike,
  TelephonyProviderLike,
  TwilioDeps,
} from "./deps";
import { importsApiToken } from "./footprint";
import type { BundleOutput } from "./lift";
import { Moveworks } from "./moveworks";
import { enabledConnectors, SHARED_PIECES, type ConnectorId, type SharedPiece } from "./names";
import { OktaApiToken } from "./oktaApiToken";
import { ServicenowSpoke } from "./servicenowSpoke";
import { connectorContext } from "./sheet";
import { receiverServiceApp, TWILIO_HOOK_NAMES } from "./twilioVerifyBundle";
import { TwilioVerify } from "./twilioVerify";
import { VoiceAgent } from "./voiceAgent";

export type { ConnectorDeps } from "./deps";

/** What declareConnectors reads: config/load.ts's LoadedConfig satisfies it. */
export interface ConnectorsInput {
  readonly stack: string;
  readonly config: StackConfig;
  readonly secrets: Readonly<Record<SecretKey, pulumi.Output<string>>>;
}

export interface DeclaredConnectors {
  /** By connector id: export as the `connectors` stack output (components/outputs.ts). */
  readonly bundles: Partial<Record<ConnectorId, BundleOutput>>;
  /** Service apps connectors created, by logical name: export them with `serviceApps` too. */
  readonly serviceApps: Record<string, ServiceAppLike>;
}

/** A token as connectors use it: its value (secret) and, when imported, the import's readiness. */
interface TokenPiece {
  readonly value: pulumi.Output<string>;
  readonly ready?: pulumi.Output<unknown>;
}

/** Creates each shared piece on first use and hands the same one to every later user. */
export class SharedPieces {
  private readonly made = new Map<SharedPiece, unknown>();

  once<T>(piece: SharedPiece, make: (name: string) => T): T {
    if (!this.made.has(piece)) this.made.set(piece, make(SHARED_PIECES[piece]));
    return this.made.get(piece) as T;
  }

  /** Which pieces exist so far. */
  get created(): SharedPiece[] {
    return [...this.made.keys()];
  }
}

/**
 * Declares every connector the config enables. `opts` applies to each top-level component (pass
 * the Okta provider through `providers`). Throws a TypeError when a connector needs a dependency
 * that is not passed (`deps.serviceApp`, `deps.twilio`).
 */
export function declareConnectors(
  input: ConnectorsInput,
  deps: ConnectorDeps,
  opts: pulumi.ComponentResourceOptions = {},
): DeclaredConnectors {
  const { config, secrets } = input;
  const context = connectorContext(input.stack, config);
  const shared = new SharedPieces();
  const bundles: Partial<Record<ConnectorId, BundleOutput>> = {};
  const serviceApps: Record<string, ServiceAppLike> = {};

  const apiToken = (): TokenPiece =>
    shared.once("apiToken", (name) => {
      const spoke = config.connectors.servicenowSpoke;
      if (!importsApiToken(config) || spoke?.apiTokenId === undefined)
        return { value: secrets.oktaApiToken };
      const token = new OktaApiToken(
        name,
        {
          value: secrets.oktaApiToken,
          apiTokenId: spoke.apiTokenId,
          ...(spoke.networkZoneId === undefined ? {} : { networkZoneId: spoke.networkZoneId }),
        },
        opts,
      );
      return { value: token.value, ready: token.ready };
    });
  const oktaVerifyPush = () =>
    shared.once(
      "oktaVerifyPush",
      (name) => new OktaVerifyPush(name, { engine: context.engine }, opts),
    );
  const receiver = (twilio: TwilioDeps): HookReceiverLike =>
    shared.once("hookReceiver", (name) => {
      const tw = config.connectors.twilioVerify;
      if (tw === undefined) throw new TypeError("the hook receiver serves connectors.twilioVerify");
      const app = need(deps.serviceApp, "hook receiver", "deps.serviceApp")(
        name,
        receiverServiceApp(context),
        opts,
      );
      serviceApps[name] = app;
      return twilio.hookReceiver(
        {
          oktaApp: app,
          twilio: {
            accountSid: tw.accountSid,
            verifyServiceSid: tw.verifyServiceSid,
            authToken: secrets.twilioAuthToken,
          },
        },
        opts,
      );
    });
  const telephonyProvider = (twilio: TwilioDeps): TelephonyProviderLike =>
    shared.once("telephonyProvider", (name) =>
      twilio.telephonyProvider(
        name,
        { label: TWILIO_HOOK_NAMES.telephonyHook, receiver: receiver(twilio) },
        opts,
      ),
    );

  for (const id of enabledConnectors(config.connectors)) {
    const c = config.connectors;
    switch (id) {
      case "servicenow-spoke": {
        const spoke = c.servicenowSpoke!;
        bundles[id] = new ServicenowSpoke(
          id,
          {
            context,
            spoke,
            ...(spoke.auth === "api-key" ? { apiToken: apiToken() } : {}),
            protect: protectByDefault(config.environment),
          },
          opts,
        ).bundle;
        break;
      }
      case "servicenow-voice-agent":
        bundles[id] = new VoiceAgent(
          id,
          {
            context,
            agent: c.servicenowVoiceAgent!,
            apiToken: apiToken(),
            push: oktaVerifyPush(),
          },
          opts,
        ).bundle;
        break;
      case "moveworks": {
        const mw = c.moveworks!;
        const connector = new Moveworks(
          id,
          mw.auth === "jwt"
            ? {
                context,
                moveworks: mw,
                serviceApp: need(
                  deps.serviceApp,
                  "connectors.moveworks (auth jwt)",
                  "deps.serviceApp",
                ),
              }
            : { context, moveworks: mw, apiToken: apiToken() },
          opts,
        );
        if (connector.app) serviceApps[id] = connector.app;
        bundles[id] = connector.bundle;
        break;
      }
      case "twilio-verify": {
        const twilio = need(deps.twilio, "connectors.twilioVerify", "deps.twilio");
        bundles[id] = new TwilioVerify(
          id,
          {
            context,
            twilio: c.twilioVerify!,
            receiver: receiver(twilio),
            telephonyProvider: telephonyProvider(twilio),
            eventHook: twilio.eventHook,
          },
          opts,
        ).bundle;
        break;
      }
    }
  }
  return { bundles, serviceApps };
}

function need<T>(dep: T | undefined, who: string, what: string): T {
  if (dep === undefined)
    throw new TypeError(`${who} needs ${what}; pass it to declareConnectors (see deps.ts)`);
  return dep;
}
