// Okta Management API reads with the receiver's token: DPoP-bound when configured, one retry
// with a fresh token on 401, and waits for x-rate-limit-reset on 429 only while the budget allows.
// https://developer.okta.com/docs/reference/rl-best-practices/

import { jose } from "./jose";
import { signDpopProof, type DpopKey } from "../components/auth/dpop";
import { call, parseJson, sleep, type Deadline, type FetchFn } from "./deadline";
import { OktaError } from "./errors";
import type { Logger } from "./log";
import type { OktaTokens } from "./okta-token";

const ATTEMPT_TIMEOUT_MS = 5000;
/** Below this much budget an Okta call is not started. */
export const MIN_ATTEMPT_MS = 200;
const MAX_RATE_LIMIT_WAITS = 2;

export type ApiResult =
  { readonly found: true; readonly body: unknown } | { readonly found: false };

export class OktaApi {
  /** The resource server's dpop-nonce, if it ever asks for one. */
  private nonce: string | undefined;

  constructor(
    private readonly orgUrl: string,
    private readonly tokens: OktaTokens,
    private readonly dpop: DpopKey | undefined,
    private readonly fetchFn: FetchFn,
    private readonly now: () => number = Date.now,
  ) {}

  /** GET `path`; 404 is a result (`found: false`), everything else that is not 200 throws. */
  async get(path: string, deadline: Deadline, log: Logger): Promise<ApiResult> {
    const url = `${this.orgUrl}${path}`;
    let tokenRetried = false;
    let nonceRetried = false;
    let transientRetried = false;
    let rateLimitWaits = 0;
    for (;;) {
      const budget = Math.min(deadline.remaining(), ATTEMPT_TIMEOUT_MS);
      if (budget < MIN_ATTEMPT_MS) {
        throw new OktaError(
          "okta_unavailable",
          "no time left for the Okta call",
          undefined,
          undefined,
        );
      }
      const token = await this.tokens.get(log);
      const headers: Record<string, string> = {
        accept: "application/json",
        authorization: `${token.type} ${token.value}`,
      };
      if (token.type === "DPoP" && this.dpop) {
        headers.dpop = await signDpopProof({ jose, now: this.now }, this.dpop, {
          htm: "GET",
          htu: url,
          accessToken: token.value,
          nonce: this.nonce,
        });
      }
      const outcome = await call(this.fetchFn, url, { method: "GET", headers }, budget);
      if (outcome.kind !== "response") {
        if (!transientRetried) {
          transientRetried = true;
          continue;
        }
        throw new OktaError("okta_unavailable", `Okta API ${outcome.kind}`, undefined, undefined);
      }
      const { status } = outcome;
      if (status === 200) return { found: true, body: parseJson(outcome.text) };
      if (status === 404) return { found: false };
      const errorCode = oktaErrorCode(outcome.text);
      if (status === 401) {
        const nonce = outcome.headers.get("dpop-nonce");
        const askedForNonce = /use_dpop_nonce/.test(outcome.headers.get("www-authenticate") ?? "");
        if (askedForNonce && nonce && !nonceRetried) {
          nonceRetried = true;
          this.nonce = nonce;
          continue;
        }
        if (!tokenRetried) {
          // Revoked, expired early, or signed with a rotated key: one fresh token, then give up.
          tokenRetried = true;
          this.tokens.invalidate(token);
          log.log("warn", "okta.token_rejected", { errorCode });
          continue;
        }
      }
      if (status === 429) {
        const waitMs = rateLimitWaitMs(outcome.headers, this.now());
        if (
          rateLimitWaits < MAX_RATE_LIMIT_WAITS &&
          waitMs + MIN_ATTEMPT_MS <= deadline.remaining()
        ) {
          rateLimitWaits++;
          log.log("warn", "okta.rate_limited", { waitMs, action: "wait" });
          await sleep(waitMs);
          continue;
        }
        log.log("warn", "okta.rate_limited", { waitMs, action: "give_up" });
        throw new OktaError("okta_rate_limited", "rate limited past the budget", 429, errorCode);
      }
      if (status >= 500 && !transientRetried) {
        transientRetried = true;
        await sleep(200);
        continue;
      }
      throw new OktaError("okta_api_failed", `Okta API answered ${status}`, status, errorCode);
    }
  }
}

/**
 * Time until x-rate-limit-reset (epoch seconds), measured against Okta's own Date header when
 * present so clock skew between Okta and the Worker does not matter. 1 s when Okta gives no reset.
 */
export function rateLimitWaitMs(headers: Headers, nowMs: number): number {
  const reset = Number(headers.get("x-rate-limit-reset"));
  if (!Number.isFinite(reset) || reset <= 0) return 1000;
  const serverNow = Date.parse(headers.get("date") ?? "");
  const reference = Number.isFinite(serverNow) ? serverNow : nowMs;
  return Math.max(0, reset * 1000 - reference);
}

function oktaErrorCode(text: string): string | undefined {
  const body = parseJson(text) as { errorCode?: unknown } | undefined;
  return typeof body?.errorCode === "string" ? body.errorCode : undefined;
}
