// The CLI's token request for a service app of the stack's outputs: components/auth's one
// implementation, with jose loaded the CommonJS CLI's way, the key imported as the output
// declares it, and the server's error_description masked before anything can print it.

import { generateDpopKey, type DpopKey } from "../../components/auth/dpop";
import { importSigningKey } from "../../components/auth/signingKey";
import {
  requestToken,
  type FetchLike,
  type TokenFailure,
  type TokenResult,
} from "../../components/auth/tokenRequest";
import type { ServiceAppOutput } from "../../components/outputs";
import { redact } from "./redact";

export { CLIENT_ASSERTION_TYPE } from "../../components/auth/clientAssertion";
export type {
  FetchLike,
  TokenFailure,
  TokenGrant,
  TokenResult,
} from "../../components/auth/tokenRequest";

/** The parts of a service app's output that a token request needs. */
export type TokenRequestApp = Pick<
  ServiceAppOutput,
  "clientId" | "tokenUrl" | "activeKid" | "algorithm" | "privateKeyPem" | "scopes" | "requireDpop"
>;

export interface TokenRequestOptions {
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Per-attempt timeout in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
  /** Clock and jti, injectable so tests can force an expired or replayed assertion. */
  readonly now?: () => number;
  readonly newJti?: () => string;
  /** The DPoP key to prove possession with. @default a fresh key per request */
  readonly dpopKey?: DpopKey;
}

/**
 * Requests a token with the app's declared scopes. Never throws for server or network failures:
 * they come back as a TokenFailure, whose fields never include the request body.
 */
export async function requestClientCredentialsToken(
  app: TokenRequestApp,
  options: TokenRequestOptions = {},
): Promise<TokenResult> {
  // jose is ESM-only; this CommonJS module loads it dynamically.
  const jose = await import("jose");
  const { fetch, timeoutMs = 10_000, dpopKey, now, newJti } = options;
  const signing = await importSigningKey(jose, app.privateKeyPem, {
    kid: app.activeKid,
    alg: app.algorithm,
  });
  if (signing === undefined) return localKeyError("cannot sign with the key");
  let dpop: DpopKey | undefined;
  try {
    dpop = app.requireDpop ? (dpopKey ?? (await generateDpopKey(jose))) : undefined;
  } catch {
    return localKeyError("cannot generate a DPoP key");
  }
  const result = await requestToken(
    { jose, ...(now ? { now } : {}), ...(newJti ? { newJti } : {}) },
    { tokenUrl: app.tokenUrl, clientId: app.clientId, scopes: app.scopes, signing, dpop },
    { timeoutMs, ...(fetch ? { fetch } : {}) },
  );
  return masked(result);
}

function localKeyError(errorDescription: string): TokenFailure {
  return { ok: false, error: "local_key_error", errorDescription, dpopNonceRetried: false };
}

/**
 * A failure's description short and masked: a server (or a proxy in front of it) could echo the
 * request, assertion included.
 */
export function masked(result: TokenResult): TokenResult {
  if (result.ok || result.errorDescription === undefined) return result;
  const description = redact(result.errorDescription);
  return {
    ...result,
    errorDescription: description.length > 300 ? `${description.slice(0, 300)}…` : description,
  };
}
