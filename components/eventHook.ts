// An Okta event hook on the hook receiver: okta.EventHook with HEADER auth carrying the
// receiver's generated secret, and okta.EventHookVerification, which runs only once the Worker
// (and its route) answers Okta's challenge, so the one-time verification GET reaches a live one.
// https://developer.okta.com/docs/concepts/event-hooks/

import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import { HookEndpointReady } from "./hookEndpointReady";
import { HookError } from "./hookErrors";
import { hookDisplayName } from "./hookNames";
import type { HookTarget } from "./hookTarget";

/** What the Twilio Verify feedback needs: MFA via SMS/voice succeeded, a phone factor activated. */
export const DEFAULT_EVENT_TYPES: readonly string[] = [
  "user.authentication.auth_via_mfa",
  "user.mfa.factor.activate",
];
/** The only channel version Okta supports. */
export const HOOK_CHANNEL_VERSION = "1.0.0";
/** Okta: at most 300 event types per hook. */
export const MAX_EVENT_TYPES = 300;

export interface EventHookArgs {
  /** Where Okta delivers and the header it authenticates with: `HookReceiver.eventHookTarget`. */
  readonly target: HookTarget;
  /** Event types to subscribe to (each must be tagged event-hook-eligible). @default DEFAULT_EVENT_TYPES */
  readonly events?: readonly string[];
  /** Okta display name. @default `<project>-<stack>-<name>` */
  readonly displayName?: string;
  /** @default "ACTIVE" */
  readonly status?: "ACTIVE" | "INACTIVE";
}

const EVENT_TYPE = /^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_-]+)+$/;

export class EventHook extends pulumi.ComponentResource {
  readonly hook: okta.EventHook;
  readonly verification: okta.EventHookVerification;
  /** The hook's id, resolving only once Okta has verified the receiver. */
  readonly verifiedHookId: pulumi.Output<string>;

  constructor(name: string, args: EventHookArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:hooks:EventHook", name, {}, opts);

    const events = args.events ?? DEFAULT_EVENT_TYPES;
    validateEventTypes(events);
    const displayName = hookDisplayName(
      pulumi.getProject(),
      pulumi.getStack(),
      name,
      args.displayName,
    );
    const dependsOn = args.target.dependsOn ?? [];

    this.hook = new okta.EventHook(
      `${name}-hook`,
      {
        name: displayName,
        status: args.status ?? "ACTIVE",
        events: [...events],
        channel: { type: "HTTP", version: HOOK_CHANNEL_VERSION, uri: args.target.uri },
        // The provider does not mark `auth` secret; the value must never reach state in clear.
        auth: {
          type: "HEADER",
          key: args.target.authHeader,
          value: pulumi.secret(args.target.secret),
        },
      },
      { parent: this },
    );
    // Okta sends its one verification GET when the verification is created, and does not retry:
    // the receiver must answer by then. A new Workers Custom Domain's certificate can still be
    // pending when Cloudflare's create returns (PROVIDERS.md), so make Okta's call first, until
    // it is answered, within a bound.
    const receiverReady = new HookEndpointReady(
      `${name}-receiver-ready`,
      { uri: args.target.uri, authHeader: args.target.authHeader, secret: args.target.secret },
      { parent: this, dependsOn: [...dependsOn] },
    );
    this.verification = new okta.EventHookVerification(
      `${name}-verification`,
      { eventHookId: this.hook.id },
      {
        parent: this,
        // The Worker serving, with the secret in its bindings, and answering the challenge.
        dependsOn: [this.hook, receiverReady, ...dependsOn],
        // Okta requires verifying again after the channel changes; the provider's resource has
        // only the hook id, so a new URL or header re-creates it (needs a Pulumi CLI that
        // supports replacementTrigger; otherwise replace it by hand, see docs/HOOKS.md).
        replacementTrigger: pulumi
          .all([args.target.uri, args.target.authHeader])
          .apply(([uri, header]) => `${uri} ${header}`),
      },
    );
    this.verifiedHookId = pulumi
      .all([this.hook.id, this.verification.id])
      .apply(([hookId]) => hookId);
    this.registerOutputs({ hookId: this.hook.id, verifiedHookId: this.verifiedHookId });
  }
}

/** 1-300 distinct event types, each shaped like `user.mfa.factor.activate`. */
export function validateEventTypes(events: readonly string[]): void {
  const fail = (message: string) => {
    throw new HookError("argument_invalid", `events: ${message}`);
  };
  if (events.length === 0 || events.length > MAX_EVENT_TYPES) {
    fail(`must list 1-${MAX_EVENT_TYPES} event types; got ${events.length}`);
  }
  const bad = events.filter((e) => !EVENT_TYPE.test(e));
  if (bad.length > 0)
    fail(`not an Okta event type: ${bad.map((e) => JSON.stringify(e)).join(", ")}`);
  const dupes = events.filter((e, i) => events.indexOf(e) !== i);
  if (dupes.length > 0) fail(`duplicate ${[...new Set(dupes)].join(", ")}`);
}
