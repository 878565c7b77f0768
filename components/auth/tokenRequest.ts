// One client_credentials token request to Okta's org authorization server: private_key_jwt, a
// DPoP proof when the app requires one, and the server's nonce challenge answered once
// (https://developer.okta.com/docs/guides/dpop/main/: the first proof gets 400 use_dpop_nonce
// and a `dpop-nonce` header). Never throws for what the server or the network does: the caller
// maps a TokenFailure to its own errors, and none of its fields carries the request.

import { CLIENT_ASSERTION_TYPE, signClientAssertion } from "./clientAssertion";
import { generateDpopKey, signDpopProof, type DpopKey } from "./dpop";
import type { AuthRuntime } from "./runtime";
import type { SigningKey } from "./signingKey";

/** The fetch this module needs: the runtime's, a recording one, or a test's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TokenRequest {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly signing: SigningKey;
  /** Prove possession of this key (the caller signs its resource requests with it too). */
  readonly dpop?: DpopKey | undefined;
  /** The server's last `dpop-nonce`: Okta's stay valid for days, so reuse saves a round trip. */
  readonly nonce?: string | undefined;
  /**
   * Without `dpop`, answer "The DPoP proof JWT header is missing." (invalid_dpop_proof) with a
   * fresh key: the caller does not know whether the app requires DPoP, which Okta turns on by
   * default for new API service apps since 2024.
   */
  readonly detectDpop?: boolean;
}

export interface TokenRequestOptions {
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Per attempt, body included. @default none */
  readonly timeoutMs?: number;
  /** @default MAX_ASSERTION_LIFETIME_SECONDS */
  readonly assertionLifetimeSeconds?: number;
}

/** A token was issued. `accessToken` is a secret: callers must not print or log it. */
export interface TokenGrant {
  readonly ok: true;
  readonly accessToken: string;
  /** `token_type` as the server sent it ("unknown" when it sent none); see authScheme. */
  readonly tokenType: string;
  readonly expiresIn?: number;
  /** Scopes in the response's `scope`, or undefined when the server did not send one. */
  readonly grantedScopes?: readonly string[];
  /** Whether the server asked for a DPoP nonce first. */
  readonly dpopNonceRetried: boolean;
  /** The key the proofs were signed with (given, or made by detectDpop). */
  readonly dpop?: DpopKey;
  /** The server's latest `dpop-nonce`, for the next request. */
  readonly nonce?: string;
}

/**
 * No token. `error` is the OAuth error code from the server, or one of the local codes
 * `timeout`, `network_error`, `unexpected_response`, `local_key_error`.
 */
export interface TokenFailure {
  readonly ok: false;
  readonly error: string;
  /** The server's error_description, unmasked: a CLI that prints it masks it first. */
  readonly errorDescription?: string;
  readonly httpStatus?: number;
  readonly dpopNonceRetried: boolean;
  readonly nonce?: string;
}

export type TokenResult = TokenGrant | TokenFailure;

/** The Authorization scheme a token goes with: DPoP-bound, or a bearer token. */
export function authScheme(tokenType: string): "DPoP" | "Bearer" {
  return tokenType.toLowerCase() === "dpop" ? "DPoP" : "Bearer";
}

type Answer =
  | { readonly status: number; readonly body: Record<string, unknown>; readonly nonce?: string }
  | { readonly failure: string; readonly errorDescription: string };

export async function requestToken(
  rt: AuthRuntime,
  request: TokenRequest,
  options: TokenRequestOptions = {},
): Promise<TokenResult> {
  const fetchImpl = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  let dpop = request.dpop;
  let nonce = request.nonce;
  let dpopNonceRetried = false;
  let detected = false;
  const keyFailure = (errorDescription: string): TokenFailure => ({
    ok: false,
    error: "local_key_error",
    errorDescription,
    dpopNonceRetried,
    ...(nonce ? { nonce } : {}),
  });

  for (;;) {
    const headers: Record<string, string> = {
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded",
    };
    // A string, not URLSearchParams: every fetch (and a recording one) sees the same bytes.
    let body: string;
    try {
      // A fresh assertion per attempt: the server consumed the last one's jti.
      body = new URLSearchParams({
        grant_type: "client_credentials",
        scope: request.scopes.join(" "),
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await signClientAssertion(
          rt,
          request.signing,
          request,
          options.assertionLifetimeSeconds,
        ),
      }).toString();
      if (dpop)
        headers.dpop = await signDpopProof(rt, dpop, { htm: "POST", htu: request.tokenUrl, nonce });
    } catch {
      // jose's messages carry no key material, but a bad key is all the caller needs to know.
      return keyFailure("cannot sign with the key");
    }
    const answer = await send(
      fetchImpl,
      request.tokenUrl,
      { method: "POST", headers, body },
      options.timeoutMs,
    );
    if ("failure" in answer) {
      const { failure: error, errorDescription } = answer;
      return { ok: false, error, errorDescription, dpopNonceRetried, ...(nonce ? { nonce } : {}) };
    }
    if (answer.nonce) nonce = answer.nonce;
    const error = answer.body.error;
    if (dpop && answer.status === 400 && error === "use_dpop_nonce" && answer.nonce) {
      if (!dpopNonceRetried) {
        dpopNonceRetried = true;
        continue;
      }
    } else if (!dpop && request.detectDpop && !detected && error === "invalid_dpop_proof") {
      detected = true;
      try {
        dpop = await generateDpopKey(rt.jose);
      } catch {
        return keyFailure("cannot generate a DPoP key");
      }
      continue;
    }
    return resultOf(answer, dpopNonceRetried, dpop, nonce);
  }
}

async function send(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number | undefined,
): Promise<Answer> {
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, signal ? { ...init, signal } : init);
    text = await response.text();
  } catch (cause) {
    // Only the error's kind: some fetch implementations quote the request in their messages.
    if (signal?.aborted)
      return { failure: "timeout", errorDescription: `no answer within ${timeoutMs} ms` };
    const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return {
      failure: "network_error",
      errorDescription: typeof code === "string" ? code : "request failed",
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const nonce = response.headers.get("dpop-nonce") ?? undefined;
  const body = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  return { status: response.status, body, ...(nonce ? { nonce } : {}) };
}

function resultOf(
  answer: Extract<Answer, { status: number }>,
  dpopNonceRetried: boolean,
  dpop: DpopKey | undefined,
  nonce: string | undefined,
): TokenResult {
  const { status, body } = answer;
  const seen = nonce ? { nonce } : {};
  if (status === 200 && typeof body.access_token === "string") {
    return {
      ok: true,
      accessToken: body.access_token,
      tokenType: typeof body.token_type === "string" ? body.token_type : "unknown",
      ...(typeof body.expires_in === "number" ? { expiresIn: body.expires_in } : {}),
      ...(typeof body.scope === "string"
        ? { grantedScopes: body.scope.split(" ").filter(Boolean) }
        : {}),
      dpopNonceRetried,
      ...(dpop ? { dpop } : {}),
      ...seen,
    };
  }
  if (typeof body.error === "string") {
    return {
      ok: false,
      error: body.error,
      ...(typeof body.error_description === "string"
        ? { errorDescription: body.error_description }
        : {}),
      httpStatus: status,
      dpopNonceRetried,
      ...seen,
    };
  }
  return {
    ok: false,
    error: "unexpected_response",
    errorDescription: `HTTP ${status} without an OAuth error body`,
    httpStatus: status,
    dpopNonceRetried,
    ...seen,
  };
}
