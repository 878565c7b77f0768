// Builds the receiver once per isolate from its bindings (config, keys, clients, shared caches)
// and routes requests to the hook handlers. Anything that throws here fails closed.

import { createHeaderAuth } from "./auth";
import { Backlog } from "./backlog";
import { RecentIds } from "./dedupe";
import type { FetchFn } from "./deadline";
import { jose } from "./jose";
import { generateDpopKey } from "../components/auth/dpop";
import { importSigningKey } from "../components/auth/signingKey";
import { readConfig, type Env } from "./env";
import { ConfigError, RequestError } from "./errors";
import { createEventHook } from "./event-hook";
import { processDelivery } from "./event-processor";
import type { Logger } from "./log";
import { OktaApi } from "./okta-api";
import { OktaTokens } from "./okta-token";
import { createTelephonyHook } from "./telephony-hook";
import { createTwilioVerify } from "./twilio";

export type Handler = (request: Request, ctx: ExecutionContext, log: Logger) => Promise<Response>;

export interface App {
  handle(request: Request, ctx: ExecutionContext, log: Logger): Promise<Response>;
}

export interface AppOptions {
  /** Outbound fetch; defaults to the runtime's. */
  readonly fetch?: FetchFn;
}

/** Scope of the receiver's service app: read users and their factors, nothing else. */
export const OKTA_SCOPE = "okta.users.read";
/** Event ids remembered per isolate (~100 bytes each), per hook. */
export const RECENT_EVENT_IDS = 10_000;

export async function createApp(env: Env, options: AppOptions = {}): Promise<App> {
  const config = readConfig(env);
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const [signing, dpop] = await Promise.all([
    importSigningKey(jose, config.okta.privateKeyPem, { kid: config.okta.keyId }),
    config.okta.dpop ? generateDpopKey(jose) : Promise.resolve(undefined),
  ]);
  if (!signing) {
    throw new ConfigError("OKTA_PRIVATE_KEY is not an RSA or P-256 PKCS#8 key", [
      "OKTA_PRIVATE_KEY",
    ]);
  }
  const eventAuth = createHeaderAuth(config.eventHookAuth);
  const telephonyAuth = createHeaderAuth(config.telephonyAuth);
  const tokens = new OktaTokens(
    { tokenUrl: config.okta.tokenUrl, clientId: config.okta.clientId, scope: OKTA_SCOPE },
    signing,
    dpop,
    fetchFn,
  );
  const okta = new OktaApi(config.okta.orgUrl, tokens, dpop, fetchFn);
  const twilio = createTwilioVerify(config.twilio, fetchFn);
  const recent = new RecentIds(RECENT_EVENT_IDS);
  const backlog = new Backlog(config.feedbackMaxInFlight, config.feedbackMaxPending);

  const events = createEventHook({
    auth: eventAuth,
    process: (selected, delivery, log) =>
      processDelivery(
        selected,
        delivery,
        { okta, twilio, recent, backlog, phoneDefaultRegion: config.phoneDefaultRegion },
        log,
      ),
  });
  const telephony = createTelephonyHook({
    auth: telephonyAuth,
    twilio,
    phoneDefaultRegion: config.phoneDefaultRegion,
    deadlineMs: config.telephonyDeadlineMs,
    recent: new RecentIds(RECENT_EVENT_IDS),
  });

  const routes: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
    "/okta/events": { GET: events.verify, POST: events.deliver },
    "/okta/telephony": { POST: telephony },
  };

  return {
    async handle(request, ctx, log) {
      const methods = routes[new URL(request.url).pathname];
      if (!methods) throw new RequestError("not_found", 404, "unknown path");
      const handler = methods[request.method];
      if (!handler) {
        throw new RequestError("method_not_allowed", 405, `method ${request.method.slice(0, 16)}`, {
          allow: Object.keys(methods).join(", "),
        });
      }
      // Background feedback gives way while Okta waits for this answer (backlog.ts).
      const answer = backlog.answerStarted();
      try {
        return await handler(request, ctx, log);
      } finally {
        backlog.answerDone(answer);
      }
    },
  };
}
