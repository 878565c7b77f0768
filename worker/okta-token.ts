// Access tokens for the receiver's own Okta service app (client_credentials + private_key_jwt,
// DPoP when configured): one token per lifetime per isolate, one in-flight request shared by all.

import { call, parseJson, type FetchFn } from "./deadline";
import { dpopProof, type DpopKey } from "./dpop";
import { OktaError } from "./errors";
import type { Logger } from "./log";
import { clientAssertion, type SigningKey } from "./signing-key";

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
/** Renew this long before expiry, so a token never expires between check and use. */
const RENEW_EARLY_MS = 60_000;
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
    if (this.inflight) return this.inflight;
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

  /** Drops `token` if it is still the cached one (Okta rejected it: revoked, or key rotated). */
  invalidate(token: AccessToken): void {
    if (this.cached === token) this.cached = undefined;
  }

  private async request(log: Logger): Promise<AccessToken> {
    const { tokenUrl, clientId, scope } = this.config;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const headers: Record<string, string> = {
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
      };
      if (this.dpop) {
        headers.dpop = await dpopProof(this.dpop, "POST", tokenUrl, this.now(), {
          nonce: this.nonce,
        });
      }
      const body = new URLSearchParams({
        grant_type: "client_credentials",
        scope,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: await clientAssertion(this.signing, clientId, tokenUrl, this.now()),
      });
      const outcome = await call(
        this.fetchFn,
        tokenUrl,
        { method: "POST", headers, body },
        TOKEN_TIMEOUT_MS,
      );
      if (outcome.kind !== "response") {
        throw new OktaError(
          "okta_unavailable",
          `token request ${outcome.kind}`,
          undefined,
          undefined,
        );
      }
      const json = parseJson(outcome.text) as
        | { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown }
        | undefined;
      const error = typeof json?.error === "string" ? json.error : undefined;
      const nonce = outcome.headers.get("dpop-nonce");
      if (
        outcome.status === 400 &&
        error === "use_dpop_nonce" &&
        this.dpop &&
        nonce &&
        attempt === 1
      ) {
        this.nonce = nonce;
        log.log("info", "okta.token_dpop_nonce");
        continue;
      }
      if (outcome.status === 200 && typeof json?.access_token === "string") {
        const lifetimeMs = (typeof json.expires_in === "number" ? json.expires_in : 3600) * 1000;
        const renewIn =
          lifetimeMs > 2 * RENEW_EARLY_MS ? lifetimeMs - RENEW_EARLY_MS : lifetimeMs / 2;
        log.log("info", "okta.token_issued", { tokenType: String(json.token_type), lifetimeMs });
        return {
          value: json.access_token,
          type: json.token_type === "DPoP" ? "DPoP" : "Bearer",
          expiresAt: this.now() + renewIn,
        };
      }
      throw new OktaError(
        "okta_token_failed",
        `token endpoint answered ${outcome.status} ${error ?? ""}`.trim(),
        outcome.status,
        error,
      );
    }
    throw new OktaError(
      "okta_token_failed",
      "token endpoint kept asking for a DPoP nonce",
      400,
      "use_dpop_nonce",
    );
  }
}
