// A minimal Okta management API client: authenticates like the Okta provider (SSWS, access token,
// or OAuth for Okta with private_key_jwt and DPoP when the deploying app requires it), waits out
// 429s until x-rate-limit-reset, and maps errors to stable codes. Runs from a serialized closure:
// globals only (fetch, process), jose required at run time (joseAtRunTime.ts).

import type { Credentials } from "./credentials";
import { errorFromResponse, oktaApiError } from "./errors";
import { signDpopProof, type DpopKey } from "../auth/dpop";
import { renewAt } from "../auth/renewal";
import type { Jose } from "../auth/runtime";
import type { SigningKey } from "../auth/signingKey";
import { authScheme, requestToken } from "../auth/tokenRequest";
import { apiBaseUrl } from "./endpoint";
import { joseAtRunTime } from "./joseAtRunTime";
import { signingKeyFromPem } from "./privateKey";

/** The Okta provider's throttling knobs, in its units (config/defaults.ts per environment). */
export interface Throttle {
  readonly maxRetries: number;
  readonly minWaitSeconds: number;
  readonly maxWaitSeconds: number;
  /** Per-request timeout in seconds; 0: none. */
  readonly requestTimeout: number;
}

export interface ClientOptions {
  readonly orgUrl: string;
  readonly credentials: Credentials;
  /** OAuth scopes a token is requested with: what the calls of this client need, nothing more. */
  readonly scopes: readonly string[];
  readonly throttle: Throttle;
  /** Injectable for tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface OktaClient {
  readonly orgUrl: string;
  /** JSON request to a management API path; resolves with the parsed body of a 2xx answer. */
  request(method: "GET" | "PUT", path: string, body?: unknown): Promise<unknown>;
}

/** https://host only; plain http is accepted on loopback so tests can run a local server. */
export function checkOrgUrl(orgUrl: string): string {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw oktaApiError("BAD_ORG_URL", `org URL is not a URL: ${JSON.stringify(orgUrl)}`);
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (
    (url.protocol !== "https:" && !(loopback && url.protocol === "http:")) ||
    url.pathname !== "/"
  )
    throw oktaApiError("BAD_ORG_URL", `org URL must be https://<org host>, got ${orgUrl}`);
  return url.origin;
}

interface Token {
  readonly value: string;
  readonly type: "Bearer" | "DPoP";
  readonly expiresAt: number;
}

export function createOktaClient(options: ClientOptions): OktaClient {
  const orgUrl = checkOrgUrl(apiBaseUrl(options.orgUrl));
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { throttle, credentials } = options;
  const tokenUrl = `${orgUrl}/oauth2/v1/token`;

  let token: Token | undefined;
  let signing: SigningKey | undefined;
  let dpopKey: DpopKey | undefined;
  // One nonce for the token endpoint and the API: Okta's org hands out the same one to both.
  let dpopNonce: string | undefined;

  const send = (url: string, init: RequestInit) =>
    doFetch(url, {
      ...init,
      ...(throttle.requestTimeout > 0
        ? { signal: AbortSignal.timeout(throttle.requestTimeout * 1000) }
        : {}),
    }).catch((e: unknown) => {
      throw oktaApiError("HTTP_ERROR", `${init.method} ${url}: ${(e as Error).message}`);
    });

  /** client_credentials with private_key_jwt; adds DPoP proofs once the server asks for them. */
  async function fetchToken(jose: Jose): Promise<Token> {
    if (credentials.kind !== "privateKey") throw new TypeError("no token flow for this credential");
    signing ??= await signingKeyFromPem(jose, credentials.privateKeyPem, credentials.keyId);
    const result = await requestToken(
      { jose, now },
      {
        tokenUrl,
        clientId: credentials.clientId,
        scopes: options.scopes,
        signing,
        dpop: dpopKey,
        nonce: dpopNonce,
        // The deploying app may require DPoP (Okta's default for new API service apps since 2024).
        detectDpop: true,
      },
      {
        fetch: doFetch,
        ...(throttle.requestTimeout > 0 ? { timeoutMs: throttle.requestTimeout * 1000 } : {}),
      },
    );
    if (result.nonce) dpopNonce = result.nonce;
    if (result.ok) {
      dpopKey = result.dpop;
      return {
        value: result.accessToken,
        type: authScheme(result.tokenType),
        expiresAt: renewAt(now(), result.expiresIn),
      };
    }
    if (result.error === "timeout" || result.error === "network_error")
      throw oktaApiError(
        "HTTP_ERROR",
        `POST ${tokenUrl}: ${result.errorDescription ?? result.error}`,
      );
    throw oktaApiError(
      "TOKEN_REQUEST_FAILED",
      `token request for client ${credentials.clientId} failed: ${result.error}: ` +
        `${result.errorDescription ?? ""}`,
      result.httpStatus,
      result.error,
    );
  }

  async function authHeaders(method: string, url: string): Promise<Record<string, string>> {
    if (credentials.kind === "apiToken") return { authorization: `SSWS ${credentials.token}` };
    if (credentials.kind === "accessToken") return { authorization: `Bearer ${credentials.token}` };
    const jose = joseAtRunTime();
    if (!token || token.expiresAt <= now()) token = await fetchToken(jose);
    if (token.type === "Bearer" || !dpopKey) return { authorization: `Bearer ${token.value}` };
    return {
      authorization: `DPoP ${token.value}`,
      dpop: await signDpopProof({ jose, now }, dpopKey, {
        htm: method,
        htu: url,
        nonce: dpopNonce,
        accessToken: token.value,
      }),
    };
  }

  /** How long to wait after a 429: until x-rate-limit-reset, within the provider's bounds. */
  function rateLimitWait(res: Response): number {
    const reset = Number(res.headers.get("x-rate-limit-reset"));
    const untilReset = Number.isFinite(reset) && reset > 0 ? reset * 1000 - now() + 1000 : 0;
    return Math.min(
      Math.max(untilReset, throttle.minWaitSeconds * 1000),
      throttle.maxWaitSeconds * 1000,
    );
  }

  async function request(method: "GET" | "PUT", path: string, body?: unknown): Promise<unknown> {
    const url = `${orgUrl}${path}`;
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(await authHeaders(method, url)),
      };
      const res = await send(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status === 429 && attempt < throttle.maxRetries) {
        await res.body?.cancel();
        await sleep(rateLimitWait(res));
        continue;
      }
      // A resource server nonce (DPoP), or an OAuth token revoked since it was cached: once.
      if (res.status === 401 && credentials.kind === "privateKey" && !reauthenticated) {
        reauthenticated = true;
        const nonce = res.headers.get("dpop-nonce");
        if (nonce) dpopNonce = nonce;
        else token = undefined;
        await res.body?.cancel();
        continue;
      }
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (res.ok) return parsed;
      throw errorFromResponse(method, path, res.status, parsed);
    }
  }

  return { orgUrl, request };
}
