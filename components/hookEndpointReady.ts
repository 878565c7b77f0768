// HookEndpointReady: a Pulumi dynamic resource that waits, within a bound, until a hook URL
// answers Okta's event hook verification challenge, so okta.EventHookVerification (whose create
// makes Okta call the URL once) does not run while a new Workers Custom Domain's certificate is
// still pending or a new route is not serving yet. The provider object is serialized into state:
// it captures nothing and uses only globals (fetch, crypto, setTimeout).

import * as pulumi from "@pulumi/pulumi";

/** Inputs (the secret only as a Pulumi secret); the state leaves it out. */
export interface HookEndpointReadyInputs {
  readonly kind: "hook-endpoint-ready";
  /** The event hook URL Okta will verify. */
  readonly uri: string;
  /** The header Okta sends the hook secret in (`authScheme.key`). */
  readonly authHeader: string;
  /** SECRET: the header's value (`authScheme.value`). */
  readonly secret: string;
  /** Give up after this long. */
  readonly timeoutSeconds: number;
  /** Wait this long between attempts. */
  readonly intervalSeconds: number;
}

export type HookEndpointReadyState = Omit<HookEndpointReadyInputs, "secret"> & {
  /** Attempts the last create needed (1 when the receiver answered at once). */
  readonly attempts: number;
};

/** Okta waits 3 s for a hook and follows no redirect (DEV concepts/event-hooks). */
const ATTEMPT_TIMEOUT_MS = 3000;
const CHALLENGE_HEADER = "x-okta-verification-challenge";

/** One verification call as Okta makes it; the reason it is not an answer, or undefined. */
async function attempt(inputs: HookEndpointReadyInputs): Promise<string | undefined> {
  const challenge = globalThis.crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(inputs.uri, {
      method: "GET",
      headers: {
        accept: "application/json",
        [CHALLENGE_HEADER]: challenge,
        [inputs.authHeader]: inputs.secret,
      },
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
  } catch (cause) {
    // A pending certificate fails the TLS handshake; a new hostname may not resolve yet.
    const e = cause as { name?: string; cause?: { code?: string } };
    return e.name === "TimeoutError"
      ? "no answer within 3 s"
      : `${e.cause?.code ?? "network error"}`;
  }
  const text = await response.text().catch(() => "");
  if (response.status !== 200) return `HTTP ${response.status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "HTTP 200 without JSON";
  }
  const echoed = (body as { verification?: unknown } | null)?.verification;
  return echoed === challenge ? undefined : "HTTP 200 without the challenge echoed";
}

function stateOf(inputs: HookEndpointReadyInputs, attempts: number): HookEndpointReadyState {
  const { secret: _s, ...rest } = inputs;
  void _s;
  return { ...rest, attempts };
}

export const hookEndpointReadyProvider: pulumi.dynamic.ResourceProvider<
  HookEndpointReadyInputs,
  HookEndpointReadyState
> = {
  async check(_olds, news) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (news.kind !== "hook-endpoint-ready")
      failures.push({ property: "kind", reason: `must be "hook-endpoint-ready"` });
    if (typeof news.uri !== "string" || !/^https?:\/\/[^/]+/.test(news.uri))
      failures.push({ property: "uri", reason: "must be the hook's https URL" });
    if (typeof news.authHeader !== "string" || news.authHeader === "")
      failures.push({ property: "authHeader", reason: "must be a header name" });
    for (const k of ["timeoutSeconds", "intervalSeconds"] as const)
      if (!(typeof news[k] === "number" && news[k] > 0))
        failures.push({ property: k, reason: "must be a positive number of seconds" });
    return { inputs: news, failures };
  },

  /** Waits again only for a new URL or header, as Okta verifies again only then. */
  async diff(_id, olds, news) {
    const replaces = (["uri", "authHeader"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const deadline = Date.now() + inputs.timeoutSeconds * 1000;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const problem = await attempt(inputs);
      if (problem === undefined) return { id: inputs.uri, outs: stateOf(inputs, attempts) };
      if (Date.now() + inputs.intervalSeconds * 1000 > deadline) {
        // A plain Error (no subclass: this code runs serialized) that says what to check.
        throw Object.assign(
          new Error(
            `hook receiver ${inputs.uri} did not answer Okta's verification challenge within ` +
              `${inputs.timeoutSeconds} s (${attempts} attempts; last: ${problem}). Fix: for a ` +
              "custom domain, wait until Cloudflare shows its certificate active; check that the " +
              `Worker is deployed on this route and holds the ${inputs.authHeader} secret; then ` +
              "pulumi up again",
          ),
          { code: "RECEIVER_NOT_READY" },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, inputs.intervalSeconds * 1000));
    }
  },

  async update(_id, _olds, news) {
    return { outs: stateOf(news, 0) };
  },

  async read(id, props) {
    return { id, props };
  },

  async delete() {},
};

export interface HookEndpointReadyArgs {
  readonly uri: pulumi.Input<string>;
  readonly authHeader: pulumi.Input<string>;
  /** SECRET. */
  readonly secret: pulumi.Input<string>;
  /** @default 600 (a new custom domain's certificate usually takes minutes) */
  readonly timeoutSeconds?: number;
  /** @default 10 */
  readonly intervalSeconds?: number;
}

export class HookEndpointReady extends pulumi.dynamic.Resource {
  declare readonly attempts: pulumi.Output<number>;

  constructor(name: string, args: HookEndpointReadyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      hookEndpointReadyProvider,
      name,
      {
        kind: "hook-endpoint-ready",
        uri: args.uri,
        authHeader: args.authHeader,
        secret: pulumi.secret(args.secret),
        timeoutSeconds: args.timeoutSeconds ?? 600,
        intervalSeconds: args.intervalSeconds ?? 10,
        attempts: undefined,
      },
      opts,
    );
  }
}
