// Access tokens for the receiver's own Okta service app (client_credentials + private_key_jwt,
// DPoP when configured; the request itself is components/auth/tokenRequest.ts): one token per
// lifetime per isolate, one in-flight request shared by all.

import { jose } from "./jose";
import type { DpopKey } from "../components/auth/dpop";
import { renewAt, tokenLifetimeMs } from "../components/auth/renewal";
import type { SigningKey } from "../components/auth/signingKey";
import { authScheme, requestToken } from "../components/auth/tokenRequest";
import { POLL_MS, sleep, type FetchFn } from "./deadline";
import { OktaError } from "./errors";
import type { Logger } from "./log";

export interface AccessToken {
  readonly value: string;
  /** The Authorization scheme Okta issued it for. */
  readonly type: "Bearer" | "DPoP";
  readonly expiresAt: number;
}

export interface TokenSourceConfig {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scope: string;
}

const TOKEN_TIMEOUT_MS = 5000;
/** After a failed token request, callers fail fast for this long instead of hammering Okta. */
const FAILURE_HOLD_MS = 2000;

export class OktaTokens {
  private cached: AccessToken | undefined;
  private inflight: Promise<AccessToken> | undefined;
  private failure: { error: unknown; until: number } | undefined;
  /** Okta's last dpop-nonce: valid for days, so reusing it saves a round trip per token. */
  private nonce: string | undefined;

  constructor(
    private readonly config: TokenSourceConfig,
    private readonly signing: SigningKey,
    private readonly dpop: DpopKey | undefined,
    private readonly fetchFn: FetchFn,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token: the cached one, the one being fetched, or a new one. */
  get(log: Logger): Promise<AccessToken> {
    const now = this.now();
    if (this.cached && now < this.cached.expiresAt) return Promise.resolve(this.cached);
    if (this.inflight) return this.whenFetched(log);
    if (this.failure && now < this.failure.until) return Promise.reject(this.failure.error);
    this.inflight = this.request(log)
      .then(
        (token) => {
          this.cached = token;
          this.failure = undefined;
          return token;
        },
        (error: unknown) => {
          this.failure = { error, until: this.now() + FAILURE_HOLD_MS };
          throw error;
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /**
   * The token another caller is fetching, seen on this caller's own timer rather than by awaiting
   * that caller's promise: the callers are different deliveries' waitUntil work, and a promise
   * resolved from another request's context breaks this one's next fetch (POLL_MS).
   */
  private async whenFetched(log: Logger): Promise<AccessToken> {
    while (this.inflight) await sleep(POLL_MS);
    if (this.cached && this.now() < this.cached.expiresAt) return this.cached;
    if (this.failure) throw this.failure.error;
    return this.get(log);
  }

  /** Drops `token` if it is still the cached one (Okta rejected it: revoked, or key rotated). */
  invalidate(token: AccessToken): void {
    if (this.cached === token) this.cached = undefined;
  }

  private async request(log: Logger): Promise<AccessToken> {
    const { tokenUrl, clientId, scope } = this.config;
    const result = await requestToken(
      { jose, now: this.now },
      {
        tokenUrl,
        clientId,
        scopes: [scope],
        signing: this.signing,
        dpop: this.dpop,
        nonce: this.nonce,
      },
      { fetch: this.fetchFn, timeoutMs: TOKEN_TIMEOUT_MS },
    );
    if (result.nonce) this.nonce = result.nonce;
    if (result.dpopNonceRetried) log.log("info", "okta.token_dpop_nonce");
    if (result.ok) {
      const lifetimeMs = tokenLifetimeMs(result.expiresIn);
      log.log("info", "okta.token_issued", { tokenType: result.tokenType, lifetimeMs });
      return {
        value: result.accessToken,
        type: authScheme(result.tokenType),
        expiresAt: renewAt(this.now(), result.expiresIn),
      };
    }
    if (result.error === "timeout" || result.error === "network_error") {
      const kind = result.error === "timeout" ? "timeout" : "network";
      throw new OktaError("okta_unavailable", `token request ${kind}`, undefined, undefined);
    }
    // Okta's error code only: its description, and anything a proxy echoed, stay out of logs.
    const oauthError =
      result.httpStatus === undefined || result.error === "unexpected_response"
        ? undefined
        : result.error;
    throw new OktaError(
      "okta_token_failed",
      result.httpStatus === undefined
        ? `token request failed: ${result.error}`
        : `token endpoint answered ${result.httpStatus} ${oauthError ?? ""}`.trim(),
      result.httpStatus,
      oauthError,
    );
  }
}
