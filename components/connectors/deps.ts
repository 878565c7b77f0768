// What connectors need from components built on other branches (ServiceApp, HookReceiver,
// EventHook, TelephonyProvider), as small structural interfaces: program.ts passes factories
// that build the real components; tests pass stubs. Nothing here creates a resource.

import type * as pulumi from "@pulumi/pulumi";
import type { ServiceAppConfig } from "../../config/types";

/** The outputs of a service app that connectors read (components/serviceApp.ts provides them). */
export interface ServiceAppLike {
  readonly clientId: pulumi.Output<string>;
  readonly activeKid: pulumi.Output<string>;
  /** `https://<org>/oauth2/v1/token`. */
  readonly tokenUrl: pulumi.Output<string>;
  /** The client assertion's `aud` (same value as tokenUrl). */
  readonly audience: pulumi.Output<string>;
  readonly orgUrl: pulumi.Output<string>;
  readonly algorithm: pulumi.Output<"RS256" | "ES256">;
  /** Granted scopes, sorted. */
  readonly scopes: pulumi.Output<readonly string[]>;
  readonly requireDpop: pulumi.Output<boolean>;
  /** SECRET: PKCS#8 PEM of the active key. */
  readonly privateKeyPem: pulumi.Output<string>;
  /** Resolves once the app's scopes are granted and its roles assigned. */
  readonly ready: pulumi.Output<unknown>;
}

/**
 * Builds one service app from the same validated shape as `serviceApps.<key>` (defaults applied:
 * keys, DPoP, broad-role opt-ins). `opts` carries the parent component (and providers).
 */
export type ServiceAppFactory = (
  name: string,
  app: ServiceAppConfig,
  opts: pulumi.ComponentResourceOptions,
) => ServiceAppLike;

/** Twilio values the receiver's bindings need (TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _VERIFY_SERVICE_SID). */
export interface ReceiverTwilioValues {
  readonly accountSid: string;
  readonly verifyServiceSid: string;
  /** SECRET: from `oktaplane:twilioAuthToken`. */
  readonly authToken: pulumi.Output<string>;
}

/** What connectors hand the receiver when it is built. */
export interface HookReceiverRequest {
  /** Its own service app (read-users): OKTA_CLIENT_ID, OKTA_PRIVATE_KEY, OKTA_KEY_ID, OKTA_DPOP. */
  readonly oktaApp: ServiceAppLike;
  readonly twilio: ReceiverTwilioValues;
}

/** The outputs of the hook receiver that connectors read (components/hookReceiver.ts). */
export interface HookReceiverLike {
  readonly url: pulumi.Output<string>;
  /** Where Okta delivers event hooks (and sends the one-time verification GET). */
  readonly eventsUrl: pulumi.Output<string>;
  /** Where Okta calls the telephony inline hook. */
  readonly telephonyUrl: pulumi.Output<string>;
}

/**
 * Builds the stack's one receiver, from `hookReceiver` config plus this request. The receiver
 * owns the hooks' auth secrets (the hook factories below read them from the receiver they get).
 */
export type HookReceiverFactory = (
  request: HookReceiverRequest,
  opts: pulumi.ComponentResourceOptions,
) => HookReceiverLike;

export interface EventHookRequest {
  /** Display name in Okta. */
  readonly label: string;
  /** Okta event types to subscribe to. */
  readonly events: readonly string[];
  /** The receiver that serves `eventsUrl`; verification must wait until it is deployed. */
  readonly receiver: HookReceiverLike;
}

export interface EventHookLike {
  /** Resolves once the hook exists and Okta has verified it. */
  readonly ready: pulumi.Output<unknown>;
}

export type EventHookFactory = (
  name: string,
  request: EventHookRequest,
  opts: pulumi.ComponentResourceOptions,
) => EventHookLike;

export interface TelephonyProviderRequest {
  /** Display name of the `com.okta.telephony.provider` inline hook. */
  readonly label: string;
  /** The receiver that serves `telephonyUrl`. */
  readonly receiver: HookReceiverLike;
}

export interface TelephonyProviderLike {
  /** Resolves once the inline hook exists and is active. */
  readonly ready: pulumi.Output<unknown>;
}

export type TelephonyProviderFactory = (
  name: string,
  request: TelephonyProviderRequest,
  opts: pulumi.ComponentResourceOptions,
) => TelephonyProviderLike;

/** The factories the Twilio Verify connector needs; absent until those components exist. */
export interface TwilioDeps {
  readonly hookReceiver: HookReceiverFactory;
  readonly eventHook: EventHookFactory;
  readonly telephonyProvider: TelephonyProviderFactory;
}

/** Everything declareConnectors needs from outside its own files. */
export interface ConnectorDeps {
  /** Needed by Moveworks (jwt) and Twilio Verify (the receiver's app). */
  readonly serviceApp?: ServiceAppFactory;
  /** Needed by Twilio Verify. */
  readonly twilio?: TwilioDeps;
}
