// What a rehearsal needs from the simulators of sim/ (Okta, Cloudflare, Twilio), as one handle:
// their addresses and tokens, their recorders, Okta's fault plan and rate-limit table, and the
// few state operations a rehearsal performs (a console edit, a list of apps, an event delivery).

import type { SimClock } from "../../sim/shared/clock";
import type { FaultPlan } from "../../sim/shared/faults";
import type { Recorder } from "../../sim/shared/recorder";
import type { RehearsalSeed } from "./seed";

export interface LiveApp {
  readonly id: string;
  readonly label: string;
  /** `kid`s of the app's JWKS, in Okta's order. */
  readonly kids: readonly string[];
}

export interface ConsoleEdit {
  readonly resource: string;
  readonly id: string;
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

export interface TwilioVerification {
  readonly sid: string;
  readonly to: string;
  readonly status: string;
}

export interface RehearsalSims {
  readonly okta: {
    /** Base URL, `http://127.0.0.1:P`: the Okta provider's http_proxy. */
    readonly url: string;
    readonly recorder: Recorder;
    readonly faults: FaultPlan;
    /**
     * A bearer token holding exactly these scopes, for `caller` (`deployer`: the credential the
     * providers use), acting with `roles` (default SUPER_ADMIN).
     */
    issueToken(
      scopes: readonly string[],
      caller: string,
      roles?: readonly string[],
    ): Promise<string>;
    /** Okta's published requests per minute for a rate-limit bucket (PROVIDERS.md). */
    bucketLimit(bucket: string): number | undefined;
    /** What an admin does in the Admin Console: renames the app, behind the stack's back. */
    editAppLabel(appId: string): ConsoleEdit | undefined;
    /** Every app in the org, seeded ones included. */
    apps(): readonly LiveApp[];
    /** Delivers an event to an event hook as Okta does: its URI, its configured auth header. */
    deliverEvent(hookId: string, delivery: unknown): Promise<{ readonly status: number }>;
  };
  readonly cloudflare: {
    readonly url: string;
    /** `cloudflare:baseUrl`, `http://127.0.0.1:P/client/v4/`. */
    readonly baseUrl: string;
    readonly apiToken: string;
    readonly recorder: Recorder;
  };
  readonly twilio: {
    readonly url: string;
    readonly recorder: Recorder;
    verifications(): readonly TwilioVerification[];
  };
  readonly clock: SimClock;
  close(): Promise<void>;
}

export interface RehearsalSimsOptions {
  readonly seed: RehearsalSeed;
  /** Simulated milliseconds per real millisecond. */
  readonly clockScale: number;
}

export type StartSims = (options: RehearsalSimsOptions) => Promise<RehearsalSims>;
