// Okta event hook endpoint: the one-time verification GET, and POST deliveries that are
// acknowledged at once (200, empty body) with the work left to waitUntil. A delivery with no
// SMS/voice MFA success schedules nothing and logs nothing: Cloudflare's invocation log already
// records the request, and most deliveries are of that kind.
// https://developer.okta.com/docs/concepts/event-hooks/

import { requireAuth, type HeaderAuth } from "./auth";
import { readJson } from "./body";
import { RequestError } from "./errors";
import type { Logger } from "./log";
import { selectPhoneMfaEvents, type PhoneMfaEvent } from "./mfa-events";
import { json } from "./respond";
import { asRecord } from "./shape";

/** Deliveries are batched with no documented maximum; ~3 KB per event leaves room for ~300. */
export const EVENT_BODY_LIMIT_BYTES = 1024 * 1024;
const CHALLENGE_HEADER = "x-okta-verification-challenge";
const CHALLENGE_MAX_LENGTH = 1024;

export interface EventHookDeps {
  readonly auth: HeaderAuth;
  /** The waitUntil work for a delivery's selected events (never called with none). */
  readonly process: (
    selected: readonly PhoneMfaEvent[],
    delivery: Delivery,
    log: Logger,
  ) => Promise<void>;
}

/** What the processor's log lines say about the delivery as a whole. */
export interface Delivery {
  /** Okta's delivery id, for correlating the log lines with Okta's hook log. */
  readonly eventId: string | undefined;
  /** Events in the delivery, selected or not. */
  readonly events: number;
}

export function createEventHook(deps: EventHookDeps) {
  return {
    /** GET: echo the challenge, but only to a caller holding the hook secret. */
    async verify(request: Request, _ctx: ExecutionContext, log: Logger): Promise<Response> {
      requireAuth(deps.auth, request);
      const challenge = request.headers.get(CHALLENGE_HEADER);
      if (challenge === null || challenge === "" || challenge.length > CHALLENGE_MAX_LENGTH) {
        throw new RequestError("invalid_payload", 400, `missing or oversized ${CHALLENGE_HEADER}`);
      }
      log.log("info", "event_hook.verified");
      return json({ verification: challenge });
    },

    /** POST: validate, acknowledge, then process in the background. */
    async deliver(request: Request, ctx: ExecutionContext, log: Logger): Promise<Response> {
      requireAuth(deps.auth, request);
      const body = asRecord(await readJson(request, EVENT_BODY_LIMIT_BYTES));
      const events = asRecord(body.data).events;
      if (!Array.isArray(events)) {
        throw new RequestError("invalid_payload", 400, "data.events is not an array");
      }
      const selected = selectPhoneMfaEvents(events);
      if (selected.length === 0) return new Response(null, { status: 200 });
      const eventId = typeof body.eventId === "string" ? body.eventId.slice(0, 64) : undefined;
      ctx.waitUntil(
        deps.process(selected, { eventId, events: events.length }, log).catch((error: unknown) => {
          log.log("error", "event_hook.processing_crashed", {
            eventId,
            errorName: error instanceof Error ? error.name : typeof error,
          });
        }),
      );
      return new Response(null, { status: 200 });
    },
  };
}
