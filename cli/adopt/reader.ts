// A read-only Okta Management API client for adopt. It authenticates as the Okta provider does
// (an SSWS API token, an access token, or a service app with private_key_jwt, adding DPoP when
// the app requires it: components/auth, the one token implementation), sends GETs only,
// follows Okta's paging (Link rel="next" headers, `_links.next.href` in IAM bodies), waits out
// a 429 until x-rate-limit-reset, names the missing scope on a 403, and counts every call per
// rate-limit bucket.

import { signDpopProof, type DpopKey } from "../../components/auth/dpop";
import { requestToken, type FetchLike } from "../../components/auth/tokenRequest";
import type { Credentials } from "../../components/oktaApi/credentials";
import { errorFromResponse } from "../../components/oktaApi/errors";
import { signingKeyFromPem } from "../../components/oktaApi/privateKey";
import { explainTokenError } from "../lib/oktaErrors";
import { masked } from "../lib/tokenRequest";
import { bucketOf } from "./rateBuckets";
import { READ_OPERATIONS, pathOf, type ReadOperationId } from "./readOperations";

export type ReadErrorCode =
  "UNREACHABLE" | "TOKEN_REFUSED" | "UNAUTHORIZED" | "FORBIDDEN" | "RATE_LIMITED" | "HTTP_ERROR";

/** Why the org could not be read. Messages name what to fix; they never hold a credential. */
export class AdoptReadError extends Error {
  override readonly name = "AdoptReadError";
  constructor(
    readonly code: ReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface BucketCount {
  readonly calls: number;
  /** Okta's documented limit (rateBuckets.ts). */
  readonly perMinute?: number;
  /** x-rate-limit-limit as the org sent it, when it did. */
  readonly orgLimit?: number;
}

export interface CallStats {
  readonly total: number;
  readonly byBucket: Readonly<Record<string, BucketCount>>;
  /** 429s answered, and pauses before a bucket ran dry. */
  readonly waits: number;
  readonly waitedMs: number;
}

export type ReaderEvent =
  | { readonly kind: "page"; readonly operation: ReadOperationId; readonly items: number }
  | { readonly kind: "wait"; readonly path: string; readonly ms: number; readonly why: string };

export interface ReaderOptions {
  /** The org URL, or OKTA_HTTP_PROXY when set (as the provider does). */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** The scopes a service app's token asks for (adopt's read scopes). @default none (tokens) */
  readonly scopes?: readonly string[];
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
  /** Per request. @default 30000 */
  readonly timeoutMs?: number;
  /** 429s tolerated per request. @default 10 */
  readonly maxRateLimitWaits?: number;
  readonly onEvent?: (event: ReaderEvent) => void;
}

export interface OktaReader {
  readonly baseUrl: string;
  /** Every item of a list operation across all its pages; `undefined` when Okta answers 404. */
  list(
    operation: ReadOperationId,
    params?: Readonly<Record<string, string>>,
    query?: Readonly<Record<string, string>>,
  ): Promise<unknown[] | undefined>;
  stats(): CallStats;
}

interface Auth {
  readonly header: string;
  readonly dpop?: DpopKey;
}

const MAX_PAGES = 10_000;

export function createReader(options: ReaderOptions): OktaReader {
  const base = new URL(options.baseUrl).origin;
  const doFetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxWaits = options.maxRateLimitWaits ?? 10;
  const { credentials } = options;

  const counts = new Map<string, { calls: number; perMinute?: number; orgLimit?: number }>();
  const windows = new Map<string, { remaining: number; reset: number }>();
  let total = 0;
  let waits = 0;
  let waitedMs = 0;

  const pause = async (path: string, ms: number, why: string) => {
    waits++;
    waitedMs += ms;
    options.onEvent?.({ kind: "wait", path, ms, why });
    await sleep(ms);
  };

  /** Every request goes through here: counted, paced per bucket, its limits remembered. */
  const counted: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    const bucket = bucketOf(path);
    const window = windows.get(bucket.name);
    if (window !== undefined && window.remaining <= 0 && window.reset * 1000 > now())
      await pause(path, window.reset * 1000 - now() + 250, `${bucket.name} has no requests left`);
    const entry = counts.get(bucket.name) ?? { calls: 0, perMinute: bucket.perMinute };
    entry.calls++;
    counts.set(bucket.name, entry);
    total++;
    let res: Response;
    try {
      res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      const code = (cause as { cause?: { code?: unknown } }).cause?.code;
      const why =
        (cause as Error).name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : typeof code === "string"
            ? code
            : "request failed";
      throw new AdoptReadError(
        "UNREACHABLE",
        `cannot reach ${base} (${why}): check oktaplane:okta.orgName and baseUrl in the stack, ` +
          "OKTA_HTTP_PROXY, and the network",
      );
    }
    const limit = Number(res.headers.get("x-rate-limit-limit"));
    const remaining = Number(res.headers.get("x-rate-limit-remaining"));
    const reset = Number(res.headers.get("x-rate-limit-reset"));
    if (Number.isFinite(limit) && limit > 0) entry.orgLimit = limit;
    if (res.headers.has("x-rate-limit-remaining") && Number.isFinite(remaining) && reset > 0)
      windows.set(bucket.name, { remaining, reset });
    return res;
  };

  let auth: Promise<Auth> | undefined;
  const authenticate = (): Promise<Auth> => {
    if (credentials.kind === "apiToken")
      return Promise.resolve({ header: `SSWS ${credentials.token}` });
    if (credentials.kind === "accessToken")
      return Promise.resolve({ header: `Bearer ${credentials.token}` });
    return serviceAppToken(
      credentials,
      options.scopes ?? [],
      `${base}/oauth2/v1/token`,
      counted,
      timeoutMs,
    );
  };

  async function get(url: string, operation: ReadOperationId): Promise<Response> {
    let nonce: string | undefined;
    let renewed = false;
    for (let rateLimited = 0; ;) {
      auth ??= authenticate();
      const { header, dpop } = await auth;
      const headers: Record<string, string> = { accept: "application/json" };
      if (dpop === undefined) headers["authorization"] = header;
      else {
        const token = header.slice("DPoP ".length);
        headers["authorization"] = header;
        headers["dpop"] = await signDpopProof({ jose: await import("jose"), now }, dpop, {
          htm: "GET",
          htu: url,
          accessToken: token,
          nonce,
        });
      }
      const res = await counted(url, { method: "GET", headers });
      if (res.status === 429 && rateLimited < maxWaits) {
        rateLimited++;
        await res.body?.cancel();
        const reset = Number(res.headers.get("x-rate-limit-reset"));
        const ms = reset > 0 ? Math.max(reset * 1000 - now(), 0) + 250 : 30_000;
        await pause(
          new URL(url).pathname,
          ms,
          "429 Too Many Requests: waiting for x-rate-limit-reset",
        );
        continue;
      }
      if (res.status === 401 && credentials.kind === "privateKey" && !renewed) {
        // A resource-server DPoP nonce, or a token that expired since it was issued: once.
        renewed = true;
        const serverNonce = res.headers.get("dpop-nonce");
        await res.body?.cancel();
        if (dpop !== undefined && serverNonce) nonce = serverNonce;
        else auth = undefined;
        continue;
      }
      if (res.ok || res.status === 404) return res;
      const body: unknown = await res.json().catch(() => undefined);
      throw failure(operation, new URL(url).pathname, res.status, body, credentials);
    }
  }

  return {
    baseUrl: base,
    async list(operation, params = {}, query = {}) {
      const first = new URL(pathOf(operation, params), base);
      for (const [k, v] of Object.entries(query)) first.searchParams.set(k, v);
      const items: unknown[] = [];
      const seen = new Set<string>();
      for (let url: string | undefined = first.toString(); url !== undefined;) {
        if (seen.has(url) || seen.size >= MAX_PAGES)
          throw new AdoptReadError("HTTP_ERROR", `${operation}: paging does not end (${url})`);
        seen.add(url);
        const res = await get(url, operation);
        if (res.status === 404) {
          await res.body?.cancel();
          return undefined;
        }
        const body: unknown = await res.json();
        const page = itemsOf(operation, body);
        items.push(...page);
        options.onEvent?.({ kind: "page", operation, items: items.length });
        url = nextPage(res, body, base);
      }
      return items;
    },
    stats: () => ({
      total,
      byBucket: Object.fromEntries(
        [...counts].map(([name, c]) => [
          name,
          {
            calls: c.calls,
            ...(c.perMinute === undefined ? {} : { perMinute: c.perMinute }),
            ...(c.orgLimit === undefined ? {} : { orgLimit: c.orgLimit }),
          },
        ]),
      ),
      waits,
      waitedMs,
    }),
  };
}

/** Lists come as arrays, except the IAM ones, which wrap theirs (spec: IamRoles, ResourceSets…). */
function itemsOf(operation: ReadOperationId, body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const o = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const key = {
    listRoles: "roles",
    listResourceSets: "resource-sets",
    listRolePermissions: "permissions",
    listResourceSetResources: "resources",
  }[operation as string];
  const list = key === undefined ? undefined : o[key];
  return Array.isArray(list) ? list : [];
}

/** The next page: `Link: <…>; rel="next"`, else `_links.next.href`, moved onto our base URL. */
export function nextPage(res: Response, body: unknown, base: string): string | undefined {
  const link = res.headers.get("link");
  let href: string | undefined;
  for (const part of link?.split(",") ?? []) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) href = m[1];
  }
  if (href === undefined && typeof body === "object" && body !== null && !Array.isArray(body)) {
    const next = (
      (body as Record<string, unknown>)["_links"] as Record<string, { href?: unknown }> | undefined
    )?.["next"];
    if (typeof next?.href === "string") href = next.href;
  }
  if (href === undefined) return undefined;
  // Okta writes its own org URL; behind OKTA_HTTP_PROXY the same path is asked of the proxy.
  const url = new URL(href, base);
  return `${base}${url.pathname}${url.search}`;
}

function failure(
  operation: ReadOperationId,
  path: string,
  status: number,
  body: unknown,
  credentials: Credentials,
): AdoptReadError {
  const okta = errorFromResponse("GET", path, status, body).message;
  const scope = READ_OPERATIONS[operation].scope;
  if (status === 403)
    return new AdoptReadError(
      "FORBIDDEN",
      `${okta}. This read (${operation}) needs ${scope}: ` +
        (credentials.kind === "privateKey"
          ? `grant ${scope} to service app ${credentials.clientId} (Applications › the app › ` +
            "Okta API Scopes) and give it an admin role that may read it (Read-only Administrator)"
          : "the credential's admin may not read it; use one whose admin holds Read-only Administrator"),
    );
  if (status === 401)
    return new AdoptReadError(
      "UNAUTHORIZED",
      `${okta}: the credential was not accepted; check that ` +
        (credentials.kind === "apiToken"
          ? "OKTA_API_TOKEN is a live token of this org"
          : credentials.kind === "accessToken"
            ? "OKTA_ACCESS_TOKEN has not expired"
            : `service app ${credentials.clientId} belongs to this org`),
    );
  if (status === 429)
    return new AdoptReadError(
      "RATE_LIMITED",
      `${okta}. Still rate limited after waiting for every reset allowed: other clients are ` +
        "using this bucket; run adopt again later",
    );
  return new AdoptReadError("HTTP_ERROR", okta);
}

/** client_credentials for the reading service app, with DPoP once Okta asks for it. */
async function serviceAppToken(
  credentials: Extract<Credentials, { kind: "privateKey" }>,
  scopes: readonly string[],
  tokenUrl: string,
  fetch: FetchLike,
  timeoutMs: number,
): Promise<Auth> {
  const jose = await import("jose");
  const signing = await signingKeyFromPem(jose, credentials.privateKeyPem, credentials.keyId);
  const result = masked(
    await requestToken(
      { jose },
      { tokenUrl, clientId: credentials.clientId, scopes, signing, detectDpop: true },
      { fetch, timeoutMs },
    ),
  );
  const dpop = result.ok ? result.dpop : undefined;
  if (result.ok)
    return {
      header: `${dpop === undefined ? "Bearer" : "DPoP"} ${result.accessToken}`,
      ...(dpop ? { dpop } : {}),
    };
  if (result.error === "network_error" || result.error === "timeout")
    throw new AdoptReadError(
      "UNREACHABLE",
      `cannot reach ${tokenUrl} (${result.errorDescription ?? result.error}): check the stack's org and OKTA_HTTP_PROXY`,
    );
  const why = explainTokenError(result.error, result.errorDescription);
  throw new AdoptReadError(
    "TOKEN_REFUSED",
    `Okta refused a token to service app ${credentials.clientId} (${result.error}` +
      `${result.errorDescription ? `: ${result.errorDescription}` : ""}): ${why.meaning}. ` +
      (result.error === "invalid_scope"
        ? `adopt asks for ${scopes.join(", ")}: grant each to the app (Okta API Scopes).`
        : result.error === "invalid_client"
          ? "Check OKTA_API_CLIENT_ID, and that OKTA_API_PRIVATE_KEY and OKTA_API_PRIVATE_KEY_ID " +
            "are a key registered on that app."
          : `${why.remediation}.`),
  );
}
