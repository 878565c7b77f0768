// One client_credentials token request to Okta's org authorization server, authenticated with
// private_key_jwt and, when the app requires it, a DPoP proof with one nonce retry.
// No Node-only APIs: the Worker can reuse this with its own fetch.

import type { ServiceAppOutput } from "../../components/outputs";
import { signClientAssertion, type JwtClaimSources } from "./clientAssertion";
import { generateDpopKey, signDpopProof, type DpopKey } from "./dpop";
import { redact } from "./redact";

/** The fetch signature this module needs; pass a stub or a local server's fetch in tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The parts of a service app's output that a token request needs. */
export type TokenRequestApp = Pick<
  ServiceAppOutput,
  "clientId" | "tokenUrl" | "activeKid" | "algorithm" | "privateKeyPem" | "scopes" | "requireDpop"
>;

export interface TokenRequestOptions extends JwtClaimSources {
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /**
   * The DPoP key to prove possession with, when the caller signs resource requests with the same
   * key afterwards. @default a fresh key per request
   */
  readonly dpopKey?: DpopKey;
}

/** A token was issued. `accessToken` is a secret: callers must not print or log it. */
export interface TokenGrant {
  readonly ok: true;
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn?: number;
  /** Scopes in the response's `scope`, or undefined when the server did not send one. */
  readonly grantedScopes?: readonly string[];
  /** Whether the server asked for a DPoP nonce first. */
  readonly dpopNonceRetried: boolean;
}

/**
 * No token. `error` is the OAuth error code from the server, or one of the local codes
 * `timeout`, `network_error`, `unexpected_response`, `local_key_error`.
 */
export interface TokenFailure {
  readonly ok: false;
  readonly error: string;
  readonly errorDescription?: string;
  readonly httpStatus?: number;
  readonly dpopNonceRetried: boolean;
}

export type TokenResult = TokenGrant | TokenFailure;

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * Requests a token with the app's declared scopes. Never throws for server or network failures:
 * they come back as a TokenFailure, whose fields never include the request body.
 */
export async function requestClientCredentialsToken(
  app: TokenRequestApp,
  options: TokenRequestOptions = {},
): Promise<TokenResult> {
  const {
    fetch: fetchImpl = globalThis.fetch,
    timeoutMs = 10_000,
    dpopKey: given,
    ...sources
  } = options;
  let dpopKey: DpopKey | undefined;
  try {
    dpopKey = app.requireDpop ? (given ?? (await generateDpopKey())) : undefined;
  } catch {
    const errorDescription = "cannot generate a DPoP key";
    return { ok: false, error: "local_key_error", errorDescription, dpopNonceRetried: false };
  }

  const attempt = async (nonce: string | undefined): Promise<Attempt> => {
    let body: URLSearchParams;
    const headers: Record<string, string> = {
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded",
    };
    try {
      // A fresh assertion per attempt: the server may have consumed the first one's jti.
      body = new URLSearchParams({
        grant_type: "client_credentials",
        scope: app.scopes.join(" "),
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await signClientAssertion(app, sources),
      });
      if (dpopKey) {
        const claims = { htm: "POST", htu: app.tokenUrl, ...(nonce ? { nonce } : {}) };
        headers.dpop = await signDpopProof(dpopKey, claims, sources);
      }
    } catch {
      // jose's messages do not carry key material, but a bad key is all the caller needs to know.
      return {
        failure: { error: "local_key_error", errorDescription: "cannot sign with the key" },
      };
    }
    return send(fetchImpl, app.tokenUrl, { method: "POST", headers, body }, timeoutMs);
  };

  const first = await attempt(undefined);
  if (!(dpopKey && isNonceChallenge(first))) return toResult(first, false);
  return toResult(await attempt(first.dpopNonce), true);
}

interface Attempt {
  readonly response?: { status: number; json: unknown };
  readonly failure?: { error: string; errorDescription?: string; httpStatus?: number };
  readonly dpopNonce?: string;
}

async function send(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Attempt> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (cause) {
    // Report only the error's kind: some fetch implementations echo the request in messages.
    if (cause instanceof Error && cause.name === "TimeoutError") {
      return {
        failure: { error: "timeout", errorDescription: `no answer within ${timeoutMs} ms` },
      };
    }
    const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    const detail = typeof code === "string" ? code : "request failed";
    return { failure: { error: "network_error", errorDescription: detail } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const dpopNonce = response.headers.get("dpop-nonce") ?? undefined;
  return { response: { status: response.status, json }, ...(dpopNonce ? { dpopNonce } : {}) };
}

function isNonceChallenge(attempt: Attempt): attempt is Attempt & { dpopNonce: string } {
  const json = attempt.response?.json as { error?: unknown } | undefined;
  return (
    attempt.response?.status === 400 && json?.error === "use_dpop_nonce" && !!attempt.dpopNonce
  );
}

function toResult(attempt: Attempt, dpopNonceRetried: boolean): TokenResult {
  if (attempt.failure) return { ok: false, ...attempt.failure, dpopNonceRetried };
  const { status, json } = attempt.response!;
  const body = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
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
    };
  }
  if (typeof body.error === "string") {
    return {
      ok: false,
      error: body.error,
      ...(typeof body.error_description === "string"
        ? { errorDescription: safeDescription(body.error_description) }
        : {}),
      httpStatus: status,
      dpopNonceRetried,
    };
  }
  return {
    ok: false,
    error: "unexpected_response",
    errorDescription: `HTTP ${status} without an OAuth error body`,
    httpStatus: status,
    dpopNonceRetried,
  };
}

// A server (or a proxy in front of it) could echo the request; keep descriptions short and masked.
function safeDescription(description: string): string {
  const masked = redact(description);
  return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}
