// Cloudflare API simulator on 127.0.0.1 (`/client/v4/…`, the calls @pulumi/cloudflare 6.22 /
// terraform-provider-cloudflare v5 makes for components/hookReceiver.ts), whose uploaded scripts
// really run in workerd and answer under the hostname the stack computes, via `fetchForHost`.
//
// Operations (recorded, and what faults name): verifyToken, listZones, getZone,
// getAccountSubdomain, putAccountSubdomain, listScripts, uploadScript, getScript, deleteScript,
// getService, getScriptSettings, getScriptContent, putScriptSubdomain, getScriptSubdomain,
// deleteScriptSubdomain, attachDomain, listDomains, getDomain, detachDomain.

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { simClock, type SimClock } from "../shared/clock";
import { applyTransportFault, FaultPlan } from "../shared/faults";
import { Recorder } from "../shared/recorder";
import { BodyTooLarge, readBody, requestUrl, sendJson, startServer } from "../shared/server";
import { Tokens } from "./auth";
import { domainRoutes } from "./domains";
import { CF, errorCodeOf, failure, faultReply, type Reply } from "./errors";
import { hostFetch, outbound } from "./hosts";
import { matcher, type Ctx, type SimContext } from "./router";
import { WorkerRuntime, type LogLine } from "./runtime";
import { scriptRoutes } from "./scripts";
import { CloudflareState, type Zone } from "./state";
import { subdomainRoutes } from "./subdomains";
import { zoneRoutes } from "./zones";

export interface CloudflareSimOptions {
  /** @default an ephemeral port */
  readonly port?: number;
  /** 32 lowercase hex. @default a random one */
  readonly accountId?: string;
  /** Zones in the account (custom domains must lie in one). @default one zone, example.com */
  readonly zones?: readonly { readonly name: string; readonly id?: string }[];
  /** The account's workers.dev subdomain; null = not registered yet. @default "oktaplane-sim" */
  readonly accountSubdomain?: string | null;
  /** Simulated ms from attaching a custom domain until its certificate is active. @default 60000 */
  readonly certificatePendingMs?: number;
  /** @default real time */
  readonly clock?: SimClock;
  /**
   * Where the deployed Workers' own fetch() goes: origin → base URL of a simulator, e.g.
   * `{ "https://verify.twilio.com": twilio.url, "https://dev-1.okta.com": okta.url }`. Loopback
   * URLs pass through; any other origin gets a 502.
   */
  readonly upstreams?: Readonly<Record<string, string>>;
  /** Request body limit (uploads included). @default 10 MiB, the paid plan's Worker size */
  readonly maxBodyBytes?: number;
}

export interface CloudflareSim {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `cloudflare:baseUrl` / `CLOUDFLARE_BASE_URL` for the provider: `<url>/client/v4/`. */
  readonly baseUrl: string;
  /** SECRET: a token the simulator issued for `accountId` (40 characters, the provider's format). */
  readonly apiToken: string;
  readonly accountId: string;
  /** SECRET: another token, for `accountId` or for another account (403 on this one's paths). */
  issueToken(accountId?: string): string;
  readonly recorder: Recorder;
  readonly faults: FaultPlan;
  readonly state: CloudflareState;
  readonly clock: SimClock;
  /**
   * `fetch` for the simulated edge: a URL whose hostname a deployed script serves
   * (`<script>.<subdomain>.workers.dev` when enabled, a custom domain once its certificate is
   * active) reaches that script's workerd with its URL unchanged. Any other hostname fails with
   * `TypeError("fetch failed")`, cause code ENOTFOUND; a custom domain still pending fails as a
   * TLS handshake would (cause code ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE). This is the Okta
   * simulator's `outboundFetch`.
   */
  readonly fetchForHost: typeof fetch;
  /** The loopback URL now answering for `hostname`, if it is served (changes on re-upload). */
  localUrl(hostname: string): string | undefined;
  /** Every hostname served now, with its script and loopback URL. */
  hosts(): readonly {
    readonly hostname: string;
    readonly script: string;
    readonly localUrl: string;
  }[];
  /** What a script's Worker logged, oldest first. */
  logs(script: string): readonly LogLine[];
  /** Stops the API server and every workerd it started. */
  close(): Promise<void>;
}

const API_PREFIX = "/client/v4";
const ACCOUNT_ID = /^[0-9a-f]{32}$/;
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export async function startCloudflareSim(
  options: CloudflareSimOptions = {},
): Promise<CloudflareSim> {
  const accountId = options.accountId ?? randomBytes(16).toString("hex");
  if (!ACCOUNT_ID.test(accountId)) {
    throw new TypeError(
      `accountId: must be 32 lowercase hex characters; got ${JSON.stringify(accountId)}`,
    );
  }
  const zones: Zone[] = (options.zones ?? [{ name: "example.com" }]).map((z) => {
    if (!HOSTNAME.test(z.name)) {
      throw new TypeError(`zones: ${JSON.stringify(z.name)} is not a lowercase DNS name`);
    }
    return { id: z.id ?? randomBytes(16).toString("hex"), name: z.name };
  });
  for (const origin of Object.keys(options.upstreams ?? {})) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/+$/, "")) {
      throw new TypeError(
        `upstreams: ${JSON.stringify(origin)} is not an origin such as https://verify.twilio.com`,
      );
    }
  }
  const clock = options.clock ?? simClock();
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const state = new CloudflareState(
    accountId,
    zones,
    options.accountSubdomain === null ? undefined : (options.accountSubdomain ?? "oktaplane-sim"),
    options.certificatePendingMs ?? 60_000,
    clock,
  );
  const tokens = new Tokens();
  const apiToken = tokens.issue(accountId).value;
  const recorder = new Recorder();
  const faults = new FaultPlan();
  // The runtime needs the outbound handler, which needs fetchForHost, which needs the runtime.
  let toHost: typeof fetch = () => Promise.reject(new TypeError("simulator not started"));
  const runtime = new WorkerRuntime(
    outbound(options.upstreams ?? {}, state, (input, init) => toHost(input, init)),
  );
  toHost = hostFetch(state, runtime);
  const sim: SimContext = { state, runtime, clock };
  const match = matcher([
    ...zoneRoutes(sim),
    ...subdomainRoutes(sim),
    ...scriptRoutes(sim),
    ...domainRoutes(sim),
  ]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const at = clock.now();
    const method = req.method ?? "GET";
    const url = requestUrl(req);
    const path = url.pathname.startsWith(`${API_PREFIX}/`)
      ? url.pathname.slice(API_PREFIX.length)
      : undefined;
    const found = path === undefined ? ({ kind: "none" } as const) : match(method, path);
    const operation =
      found.kind === "route" ? found.route.operation : `gap:${method} ${url.pathname}`;
    let caller = "anonymous";
    const answer = (reply: Reply | undefined) => {
      if (reply !== undefined) send(res, reply);
      const code = reply === undefined ? undefined : errorCodeOf(reply);
      recorder.record({
        sim: "cloudflare",
        operation,
        method,
        path: url.pathname,
        // 0: a timeout or dropped-connection fault, which never answered.
        status: reply?.status ?? 0,
        caller,
        ...(code === undefined ? {} : { errorCode: String(code) }),
        latencyMs: Date.now() - started,
        at,
      });
    };

    if (found.kind === "none") return answer(CF.noRoute(url.pathname));
    if (found.kind === "method") return answer(CF.methodNotAllowed());
    const { route, params } = found;
    const auth = tokens.authenticate(req.headers.authorization, params.account_id);
    if (!auth.ok) {
      const unknown = route.operation === "verifyToken" && auth.reply.status === 401;
      return answer(unknown ? CF.invalidToken() : auth.reply);
    }
    caller = `token:${auth.value.id}`;
    const fault = faults.take(route.operation);
    if (fault !== undefined) {
      if (await applyTransportFault(fault, res, clock)) return answer(undefined);
      if ("status" in fault) {
        return answer(
          fault.code === undefined
            ? faultReply(fault.status)
            : failure(fault.status, { code: fault.code, message: "simulated fault" }),
        );
      }
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) return answer(CF.tooLarge(maxBody));
      throw error;
    }
    const ctx: Ctx = {
      params,
      query: url.searchParams,
      body,
      contentType: req.headers["content-type"],
      token: auth.value,
      path: url.pathname,
    };
    let reply: Reply;
    try {
      reply = await route.handle(ctx);
    } catch {
      reply = CF.internal();
    }
    answer(reply);
  };

  const server = await startServer(handle, {
    port: options.port,
    onError: (res) => send(res, CF.internal()),
  });
  return {
    url: server.url,
    baseUrl: `${server.url}${API_PREFIX}/`,
    apiToken,
    accountId,
    issueToken: (account = accountId) => tokens.issue(account).value,
    recorder,
    faults,
    state,
    clock,
    fetchForHost: toHost,
    localUrl(hostname) {
      const host = state.resolveHost(hostname);
      return host.kind === "live" ? runtime.localUrl(host.script) : undefined;
    },
    hosts: () =>
      state.liveHosts().flatMap((h) => {
        const localUrl = runtime.localUrl(h.script);
        return localUrl === undefined ? [] : [{ ...h, localUrl }];
      }),
    logs: (script) => runtime.logs(script),
    async close() {
      await runtime.close();
      await server.close();
    },
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw !== undefined) {
    const raw = typeof reply.raw === "string" ? Buffer.from(reply.raw) : reply.raw;
    res.writeHead(reply.status, { "content-length": String(raw.length), ...reply.headers });
    res.end(raw);
    return;
  }
  sendJson(res, reply.status, reply.body, { ...reply.headers });
}
