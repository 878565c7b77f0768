// Stand-ins for the components built on other branches (ServiceApp, HookReceiver, EventHook,
// TelephonyProvider): each registers one component resource, so duplicates show in the records,
// and remembers what it was asked for.

import * as pulumi from "@pulumi/pulumi";
import type {
  ConnectorDeps,
  EventHookRequest,
  HookReceiverRequest,
  ServiceAppLike,
  TelephonyProviderRequest,
} from "../../../components/connectors/deps";
import { scopesOf } from "../../../components/capabilities";
import type { ServiceAppConfig } from "../../../config/schema";

export const STUB_PEM =
  "-----BEGIN PRIVATE KEY-----\nTESTKEYMATERIALc0nnect0rs\n-----END PRIVATE KEY-----\n";
export const RECEIVER_URL = "https://oktaplane-hooks.acme-dev.workers.dev";

class Stub extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts?: pulumi.ComponentResourceOptions) {
    super(`test:stub:${type}`, name, {}, opts);
  }
}

export interface StubCalls {
  serviceApps: { name: string; app: ServiceAppConfig }[];
  receivers: HookReceiverRequest[];
  eventHooks: { name: string; request: EventHookRequest }[];
  telephony: { name: string; request: TelephonyProviderRequest }[];
}

/**
 * Stub deps. `ready` lets a test hold every ServiceApp's readiness back until it says so.
 */
export function stubDeps(ready: pulumi.Input<unknown> = "ready"): {
  deps: Required<ConnectorDeps>;
  calls: StubCalls;
} {
  const calls: StubCalls = { serviceApps: [], receivers: [], eventHooks: [], telephony: [] };
  const deps: Required<ConnectorDeps> = {
    serviceApp: (name, app, opts): ServiceAppLike => {
      calls.serviceApps.push({ name, app });
      new Stub("ServiceApp", name, opts);
      const orgUrl = "https://dev-31415926.oktapreview.com";
      const scopes = scopesOf(app.capabilities);
      return {
        clientId: pulumi.output(`0oa-${name}`),
        activeKid: pulumi.output(`kid-${name}`),
        tokenUrl: pulumi.output(`${orgUrl}/oauth2/v1/token`),
        audience: pulumi.output(`${orgUrl}/oauth2/v1/token`),
        orgUrl: pulumi.output(orgUrl),
        algorithm: pulumi.output(app.keys[app.activeKey ?? "primary"]?.algorithm ?? "RS256"),
        scopes: pulumi.output(scopes),
        requireDpop: pulumi.output(app.requireDpop),
        privateKeyPem: pulumi.secret(STUB_PEM),
        ready: pulumi.output(ready),
      };
    },
    twilio: {
      hookReceiver: (request, opts) => {
        calls.receivers.push(request);
        new Stub("HookReceiver", "hook-receiver", opts);
        return {
          url: pulumi.output(RECEIVER_URL),
          eventsUrl: pulumi.output(`${RECEIVER_URL}/okta/events`),
          telephonyUrl: pulumi.output(`${RECEIVER_URL}/okta/telephony`),
        };
      },
      eventHook: (name, request, opts) => {
        calls.eventHooks.push({ name, request });
        new Stub("EventHook", name, opts);
        return { ready: pulumi.output("verified") };
      },
      telephonyProvider: (name, request, opts) => {
        calls.telephony.push({ name, request });
        new Stub("TelephonyProvider", name, opts);
        return { ready: pulumi.output("active") };
      },
    },
  };
  return { deps, calls };
}
