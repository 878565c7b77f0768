// How the simulated edge is reached: `fetchForHost` (a `typeof fetch`) routes a URL whose hostname a
// deployed script serves to that script's workerd, and fails like the network would otherwise;
// `outbound` answers the deployed Workers' own fetch() calls from the simulators, never the internet.

import type { OutboundHandler, WorkerRuntime } from "./runtime";
import type { CloudflareState } from "./state";

/**
 * undici's shape for a failed fetch: `TypeError("fetch failed")` whose `cause` carries a code, so
 * callers treat it exactly like a real network failure.
 */
function fetchFailed(message: string, code: string, hostname: string): TypeError {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error(message), { code, hostname }),
  });
}

export function hostFetch(state: CloudflareState, runtime: WorkerRuntime): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const host = state.resolveHost(url.hostname);
    if (host.kind === "unknown") {
      // No script serves the name: as if DNS had no record for it.
      throw fetchFailed(
        `getaddrinfo ENOTFOUND ${url.hostname} (no deployed script serves this hostname in the Cloudflare simulator)`,
        "ENOTFOUND",
        url.hostname,
      );
    }
    if (host.kind === "pending") {
      // Cloudflare has no certificate for the name yet (workers/configuration/routing/custom-domains,
      // "Certificates"): the TLS handshake fails before any HTTP is exchanged.
      throw fetchFailed(
        `SSL alert number 40: handshake failure for ${url.hostname} (the custom domain's certificate is still pending)`,
        "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
        url.hostname,
      );
    }
    const method = request.method;
    const body =
      method === "GET" || method === "HEAD" ? undefined : Buffer.from(await request.arrayBuffer());
    const answer = runtime.dispatch(host.script, url.href, {
      method,
      headers: [...request.headers.entries()],
      body,
    });
    return abortable(answer, request.signal);
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * The Workers' outbound fetch. `upstreams` maps an origin the Worker calls (its bindings say
 * `https://verify.twilio.com`, `https://dev-1.okta.com`) to a simulator's base URL; loopback URLs
 * pass straight through; a hostname another deployed script serves goes to that script (Workers
 * can fetch a custom domain, workers/configuration/routing/custom-domains). Anything else gets a
 * 502 that says which origin has no upstream: nothing a simulated Worker does reaches the internet.
 */
export function outbound(
  upstreams: Readonly<Record<string, string>>,
  state: CloudflareState,
  toHost: typeof fetch,
): OutboundHandler {
  const table = new Map(
    Object.entries(upstreams).map(([origin, base]) => [
      new URL(origin).origin,
      base.replace(/\/+$/, ""),
    ]),
  );
  return async (request) => {
    const url = new URL(request.url);
    const base = table.get(url.origin);
    if (base !== undefined || isLoopback(url.hostname)) {
      const target = base === undefined ? url.href : `${base}${url.pathname}${url.search}`;
      const headers = new Headers(request.headers);
      headers.delete("host");
      try {
        return await fetch(target, {
          method: request.method,
          headers,
          body: request.body === null ? undefined : await request.arrayBuffer(),
          redirect: "manual",
        });
      } catch (error) {
        // miniflare cannot hand a network error to the Worker: a 502 is the nearest it sees.
        return badGateway(
          `${url.origin} did not answer (${String((error as Error).cause ?? error)})`,
        );
      }
    }
    if (state.resolveHost(url.hostname).kind !== "unknown") return toHost(request);
    return badGateway(
      `no upstream for ${url.origin}; pass upstreams: { "${url.origin}": "http://127.0.0.1:PORT" }`,
    );
  };
}

function badGateway(reason: string): Response {
  return new Response(`Cloudflare simulator: ${reason}`, {
    status: 502,
    headers: { "content-type": "text/plain" },
  });
}

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}
