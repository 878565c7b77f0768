// The hook receiver: the Worker in worker/ bundled at program time and deployed to Cloudflare with
// its bindings, on workers.dev or a custom domain (or an existing receiver, with no Worker), plus
// the two generated header secrets that the Okta hooks and the Worker share.

import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { workerBundleFor, type WorkerBundle } from "../worker/build";
import { HookError } from "./hookErrors";
import { defaultWorkerName } from "./hookNames";
import type { HookTarget } from "./hookTarget";
import { receiverUrls, resolveRoute, type ReceiverRouteArgs } from "./hookUrls";
import { planBindings, toCloudflareBindings } from "./workerBindings";

/** The receiver's own Okta service app (capability `read-users`: okta.users.read). */
export interface HookReceiverOktaArgs {
  /** Okta org URL, `https://<org>.okta.com` (not the -admin host). */
  readonly orgUrl: pulumi.Input<string>;
  readonly clientId: pulumi.Input<string>;
  /** SECRET: PKCS#8 PEM of the app's active private key. */
  readonly privateKeyPem: pulumi.Input<string>;
  /** `kid` of that key in the app's JWKS. */
  readonly kid: pulumi.Input<string>;
  /** Whether the app requires DPoP-bound tokens. */
  readonly requireDpop: pulumi.Input<boolean>;
}

/** Twilio Verify, from `oktaplane:connectors.twilioVerify` and `oktaplane:twilioAuthToken`. */
export interface HookReceiverTwilioArgs {
  /** AC… */
  readonly accountSid: pulumi.Input<string>;
  /** VA…, with custom code enabled. */
  readonly verifyServiceSid: pulumi.Input<string>;
  /** SECRET: the account's auth token. */
  readonly authToken: pulumi.Input<string>;
}

/** Route fields as in `oktaplane:hookReceiver`: exactly one of them. */
export interface HookReceiverArgs extends ReceiverRouteArgs {
  /** Cloudflare account the Worker is deployed to. Required unless externalUrl is set. */
  readonly cloudflareAccountId?: string;
  /** Worker script name. @default `<project>-<stack>-hooks` */
  readonly workerName?: string;
  /** Workers runtime compatibility date, pinned (YYYY-MM-DD). */
  readonly compatibilityDate: string;
  /** Required unless externalUrl is set (that receiver holds its own credentials). */
  readonly okta?: HookReceiverOktaArgs;
  /** Required unless externalUrl is set. */
  readonly twilio?: HookReceiverTwilioArgs;
  /** Header Okta sends the event hook secret in. @default "Authorization" */
  readonly eventHookAuthHeader?: string;
  /** Header Okta sends the telephony hook secret in. @default "x-telephony-key" */
  readonly telephonyAuthHeader?: string;
  /** Region for phone numbers without a country code (ISO 3166 alpha-2). @default Worker's "US" */
  readonly phoneDefaultRegion?: string;
  /** Telephony budget in ms, 200-2800 (Okta waits 3 s). @default Worker's 2200 */
  readonly telephonyDeadlineMs?: number;
}

/** Module name the bundle is uploaded under (ES module syntax). */
export const MAIN_MODULE = "index.js";
/** Generated header secrets: 48 of [A-Za-z0-9] (~285 bits), safe in any header. */
export const HOOK_SECRET_LENGTH = 48;

const DEFAULTS = {
  eventHookAuthHeader: "Authorization",
  telephonyAuthHeader: "x-telephony-key",
} as const;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

let bundle: Promise<WorkerBundle> | undefined;
/** The Worker bundle, built once per process however many receivers or previews ask. */
export function workerBundle(): Promise<WorkerBundle> {
  bundle ??= workerBundleFor();
  return bundle;
}

export class HookReceiver extends pulumi.ComponentResource {
  /** Base URL of the receiver (no trailing slash). */
  readonly url: pulumi.Output<string>;
  readonly eventsUrl: pulumi.Output<string>;
  readonly telephonyUrl: pulumi.Output<string>;
  readonly eventHookAuthHeader: pulumi.Output<string>;
  /** SECRET: generated event hook header value. */
  readonly eventHookSecret: pulumi.Output<string>;
  readonly telephonyAuthHeader: pulumi.Output<string>;
  /** SECRET: generated telephony hook header value. */
  readonly telephonySecret: pulumi.Output<string>;
  /** The Worker script; undefined with externalUrl. */
  readonly script: cloudflare.WorkersScript | undefined;
  /** Cloudflare resources that must exist before Okta calls the receiver (empty if external). */
  readonly ready: readonly pulumi.Resource[];
  /** Wiring for an EventHook. */
  readonly eventHookTarget: HookTarget;
  /** Wiring for a TelephonyProvider. */
  readonly telephonyTarget: HookTarget;

  constructor(name: string, args: HookReceiverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:hooks:HookReceiver", name, {}, opts);

    // Validate everything before the first child exists.
    const a = { ...DEFAULTS, ...stripUndefined(args) };
    const route = resolveRoute(a);
    validateHookReceiverArgs(a, route.kind === "external");
    // An external receiver has no Worker: its name is neither needed nor checked.
    const workerName =
      route.kind === "external"
        ? ""
        : (a.workerName ?? defaultWorkerName(pulumi.getProject(), pulumi.getStack()));
    const urls = receiverUrls(route, workerName);

    const eventSecret = new random.RandomPassword(
      `${name}-event-hook-secret`,
      { length: HOOK_SECRET_LENGTH, special: false },
      { parent: this },
    );
    const telephonySecret = new random.RandomPassword(
      `${name}-telephony-secret`,
      { length: HOOK_SECRET_LENGTH, special: false },
      { parent: this },
    );
    // RandomPassword marks `result` secret itself; wrap anyway so no consumer depends on that.
    this.eventHookSecret = pulumi.secret(eventSecret.result);
    this.telephonySecret = pulumi.secret(telephonySecret.result);
    this.eventHookAuthHeader = pulumi.output(a.eventHookAuthHeader);
    this.telephonyAuthHeader = pulumi.output(a.telephonyAuthHeader);

    const ready: pulumi.Resource[] = [];
    if (route.kind !== "external") {
      const okta = a.okta!;
      const twilio = a.twilio!;
      const accountId = a.cloudflareAccountId!;
      const bindings = planBindings({
        OKTA_ORG_URL: okta.orgUrl,
        OKTA_CLIENT_ID: okta.clientId,
        OKTA_PRIVATE_KEY: okta.privateKeyPem,
        OKTA_KEY_ID: okta.kid,
        OKTA_DPOP: pulumi.output(okta.requireDpop).apply((on) => (on ? "true" : "false")),
        EVENT_HOOK_AUTH_HEADER: a.eventHookAuthHeader,
        EVENT_HOOK_SECRET: this.eventHookSecret,
        TELEPHONY_AUTH_HEADER: a.telephonyAuthHeader,
        TELEPHONY_SECRET: this.telephonySecret,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_VERIFY_SERVICE_SID: twilio.verifyServiceSid,
        PHONE_DEFAULT_REGION: a.phoneDefaultRegion,
        TELEPHONY_DEADLINE_MS:
          a.telephonyDeadlineMs === undefined ? undefined : String(a.telephonyDeadlineMs),
      });
      const script = new cloudflare.WorkersScript(
        `${name}-worker`,
        {
          accountId,
          scriptName: workerName,
          content: pulumi.output(workerBundle()).apply((b) => b.code),
          mainModule: MAIN_MODULE,
          compatibilityDate: a.compatibilityDate,
          bindings: toCloudflareBindings(bindings),
        },
        { parent: this },
      );
      // Explicit either way: on workers.dev only when that is the route, never preview URLs, so
      // a custom-domain receiver is not also reachable on a second hostname.
      const subdomain = new cloudflare.WorkersScriptSubdomain(
        `${name}-workers-dev`,
        {
          accountId,
          scriptName: script.scriptName,
          enabled: route.kind === "workersDev",
          previewsEnabled: false,
        },
        { parent: this },
      );
      ready.push(script, subdomain);
      if (route.kind === "customDomain") {
        // A Workers Custom Domain creates its proxied DNS record and certificate itself; an
        // explicit DnsRecord for the same name would conflict with it.
        ready.push(
          new cloudflare.WorkersCustomDomain(
            `${name}-domain`,
            {
              accountId,
              zoneId: route.zoneId,
              hostname: route.hostname,
              service: script.scriptName,
            },
            { parent: this },
          ),
        );
      }
      this.script = script;
    } else {
      this.script = undefined;
    }
    this.ready = ready;

    this.url = pulumi.output(urls.url);
    this.eventsUrl = pulumi.output(urls.eventsUrl);
    this.telephonyUrl = pulumi.output(urls.telephonyUrl);
    this.eventHookTarget = {
      uri: this.eventsUrl,
      authHeader: this.eventHookAuthHeader,
      secret: this.eventHookSecret,
      dependsOn: ready,
    };
    this.telephonyTarget = {
      uri: this.telephonyUrl,
      authHeader: this.telephonyAuthHeader,
      secret: this.telephonySecret,
      dependsOn: ready,
    };
    this.registerOutputs({
      url: this.url,
      eventsUrl: this.eventsUrl,
      telephonyUrl: this.telephonyUrl,
      eventHookAuthHeader: this.eventHookAuthHeader,
      eventHookSecret: this.eventHookSecret,
      telephonyAuthHeader: this.telephonyAuthHeader,
      telephonySecret: this.telephonySecret,
    });
  }
}

/** Argument checks that need no Pulumi runtime; the Worker re-checks its bindings at start. */
export function validateHookReceiverArgs(args: HookReceiverArgs, external: boolean): void {
  const fail = (message: string) => {
    throw new HookError("argument_invalid", message);
  };
  if (!DATE.test(args.compatibilityDate)) {
    fail(`compatibilityDate: must be YYYY-MM-DD; got ${JSON.stringify(args.compatibilityDate)}`);
  }
  for (const key of ["eventHookAuthHeader", "telephonyAuthHeader"] as const) {
    const value = args[key];
    if (value !== undefined && !HEADER_NAME.test(value)) {
      fail(`${key}: must be an HTTP header name (token characters); got ${JSON.stringify(value)}`);
    }
  }
  if (
    args.eventHookAuthHeader !== undefined &&
    args.eventHookAuthHeader.toLowerCase() === args.telephonyAuthHeader?.toLowerCase()
  ) {
    // Not wrong for Okta, but one header for two secrets invites pasting the wrong one.
    fail(
      `telephonyAuthHeader: must differ from eventHookAuthHeader; both are ${args.eventHookAuthHeader}`,
    );
  }
  if (args.phoneDefaultRegion !== undefined && !/^[A-Z]{2}$/.test(args.phoneDefaultRegion)) {
    fail(
      `phoneDefaultRegion: must be an ISO 3166 alpha-2 code such as US; got ${JSON.stringify(args.phoneDefaultRegion)}`,
    );
  }
  const ms = args.telephonyDeadlineMs;
  if (ms !== undefined && !(Number.isInteger(ms) && ms >= 200 && ms <= 2800)) {
    fail(`telephonyDeadlineMs: must be an integer from 200 to 2800; got ${ms}`);
  }
  if (external) return;
  if (args.cloudflareAccountId === undefined || !/^[0-9a-f]{32}$/.test(args.cloudflareAccountId)) {
    fail(
      `cloudflareAccountId: required unless externalUrl is set, 32 lowercase hex characters; got ${JSON.stringify(args.cloudflareAccountId)}`,
    );
  }
  const missing = (["okta", "twilio"] as const).filter((key) => args[key] === undefined);
  if (missing.length > 0) {
    fail(`${missing.join(", ")}: required unless externalUrl is set (the Worker needs them)`);
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
