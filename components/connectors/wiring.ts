// The adapters program.ts passes to declareConnectors: a ServiceAppFactory that builds the real
// ServiceApp (components/serviceApp.ts) and collects each app's `serviceApps` stack output, so
// connector apps are exported (and verified) like configured ones; and the Twilio factories that
// build the real HookReceiver, EventHook and TelephonyProvider.

import type { ComponentResourceOptions } from "@pulumi/pulumi";
import type { AdminRoles } from "../adminRoles";
import type { OktaJwk } from "../jwk";
import { ServiceApp, type ServiceAppStackOutput } from "../serviceApp";
import type { CustomCapabilities } from "../customCapabilities";
import type { HookReceiverConfig, RateLimitConfig } from "../../config/types";
import { EventHook } from "../eventHook";
import { HookReceiver } from "../hookReceiver";
import { TelephonyProvider } from "../telephonyProvider";
import type { HookReceiverLike, ServiceAppFactory, TwilioDeps } from "./deps";

export interface ServiceAppWiring {
  readonly orgUrl: string;
  /** The stack's own capabilities (oktaplane:capabilities) the apps may name. @default {} */
  readonly customCapabilities?: CustomCapabilities;
  /** The stack's shared custom roles (Moveworks with groups binds one). */
  readonly adminRoles: AdminRoles;
  /** The provider's throttling, every setting resolved (config/defaults.ts: RateLimits). */
  readonly throttle: Required<RateLimitConfig>;
  readonly protect: boolean;
  /** Receives each app's stack output by logical name (export it under `serviceApps`). */
  readonly exported: Record<string, ServiceAppStackOutput>;
  /** Adopted public keys to keep in an app's JWKS, by app name (`oktaplane:adopt`). */
  readonly publishedKeys?: (name: string) => readonly OktaJwk[];
}

export function serviceAppFactory(wiring: ServiceAppWiring): ServiceAppFactory {
  return (name, app, opts: ComponentResourceOptions) => {
    const serviceApp = new ServiceApp(
      name,
      {
        orgUrl: wiring.orgUrl,
        label: app.label,
        capabilities: app.capabilities,
        customCapabilities: wiring.customCapabilities,
        groups: app.groups,
        requireDpop: app.requireDpop,
        keys: app.keys,
        activeKey: app.activeKey,
        publishedKeys: wiring.publishedKeys?.(name),
        allowBroadRoles: app.allowBroadRoles,
        adminRoles: wiring.adminRoles,
        throttle: wiring.throttle,
        protect: wiring.protect,
      },
      opts,
    );
    wiring.exported[name] = serviceApp.stackOutput;
    return { ...serviceApp.stackOutput, ready: serviceApp.ready };
  };
}

/**
 * The Twilio Verify connector's factories over the real components. The hooks take their URL,
 * auth header and generated secret from the receiver this wiring built (it owns those secrets),
 * so a hook can never point at a receiver it was not wired to.
 */
export function twilioFactories(receiverConfig: HookReceiverConfig): TwilioDeps {
  let built: HookReceiver | undefined;
  const receiverOf = (like: HookReceiverLike): HookReceiver => {
    if (built === undefined || like !== built)
      throw new TypeError("hooks must be given the receiver that twilioFactories built");
    return built;
  };
  return {
    hookReceiver: (request, opts) => {
      const { oktaApp } = request;
      built = new HookReceiver(
        "hook-receiver",
        {
          ...receiverConfig,
          okta: {
            orgUrl: oktaApp.orgUrl,
            clientId: oktaApp.clientId,
            privateKeyPem: oktaApp.privateKeyPem,
            kid: oktaApp.activeKid,
            requireDpop: oktaApp.requireDpop,
          },
          twilio: request.twilio,
        },
        opts,
      );
      return built;
    },
    eventHook: (name, request, opts) => {
      const hook = new EventHook(
        name,
        {
          target: receiverOf(request.receiver).eventHookTarget,
          events: request.events,
          displayName: request.label,
        },
        opts,
      );
      return { ready: hook.verifiedHookId };
    },
    telephonyProvider: (name, request, opts) => {
      const provider = new TelephonyProvider(
        name,
        { target: receiverOf(request.receiver).telephonyTarget, displayName: request.label },
        opts,
      );
      return { ready: provider.hook.id };
    },
  };
}
