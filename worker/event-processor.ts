// The work behind an acknowledged event hook delivery (runs in waitUntil): for each new SMS/voice
// MFA success, find the user's phone in Okta and approve the Twilio verification for it. Within a
// delivery each user is read once and each phone approved once.

import type { Backlog } from "./backlog";
import { Deadline } from "./deadline";
import type { DeliveryOutcome } from "./delivery-outcomes";
import type { RecentIds } from "./dedupe";
import { ReceiverError } from "./errors";
import { maskPhone, type Logger } from "./log";
import type { Delivery } from "./event-hook";
import type { PhoneMfaEvent } from "./mfa-events";
import { MIN_ATTEMPT_MS as OKTA_MIN_ATTEMPT_MS, type OktaApi } from "./okta-api";
import { findUserPhone, type OktaReads } from "./okta-phone";
import { forEachLimit } from "./pool";
import {
  MIN_ATTEMPT_MS as TWILIO_MIN_ATTEMPT_MS,
  type ApproveResult,
  type TwilioVerify,
} from "./twilio";

/** waitUntil work may run for 30 s after the response; leave room to log the summary. */
export const EVENT_BUDGET_MS = 25_000;
/**
 * A delivery's events in flight at once. Each holds one connection at a time, and an invocation
 * may have 6 waiting for response headers (a 7th is queued by the runtime, not failed).
 */
export const EVENT_CONCURRENCY = 6;
/**
 * The least budget an event needs to start: one Okta read and one Twilio approval at their
 * minimum attempts. With less it could only fail; it is shed by budget instead (and its
 * redelivery processed), so "failed" keeps meaning that an upstream failed.
 */
export const EVENT_MIN_MS = OKTA_MIN_ATTEMPT_MS + TWILIO_MIN_ATTEMPT_MS;

export interface EventProcessorDeps {
  readonly okta: OktaApi;
  readonly twilio: TwilioVerify;
  readonly recent: RecentIds;
  /** Isolate-wide bounds on feedback work (in flight, pending); see backlog.ts. */
  readonly backlog: Backlog;
  readonly phoneDefaultRegion: string;
  /** A delivery's budget for its feedback; EVENT_BUDGET_MS unless a test says otherwise. */
  readonly budgetMs?: number;
}

/** What feeding back one admitted event can end in (duplicates and shed events never start). */
type EventOutcome = Exclude<DeliveryOutcome, "duplicate" | "shed">;

/** What one delivery has already asked Okta and Twilio. */
interface DeliveryCalls {
  readonly reads: OktaReads;
  /** Approvals by E.164 number. */
  readonly approvals: Map<string, Promise<ApproveResult>>;
}

export async function processDelivery(
  candidates: readonly PhoneMfaEvent[],
  delivery: Delivery,
  deps: EventProcessorDeps,
  log: Logger,
): Promise<void> {
  const { eventId } = delivery;
  const { backlog } = deps;
  const deadline = new Deadline(deps.budgetMs ?? EVENT_BUDGET_MS);
  const admitted = backlog.admit(candidates.length);
  const counts: Record<DeliveryOutcome, number> = {
    shed: candidates.length - admitted,
    approved: 0,
    not_pending: 0,
    same_phone: 0,
    no_phone: 0,
    failed: 0,
    duplicate: 0,
  };
  if (counts.shed > 0) {
    // Real overload: the isolate already holds its cap of unfinished feedback work.
    log.log("warn", "event.shed", {
      eventId,
      shed: counts.shed,
      reason: "backlog_full",
      pending: backlog.pending,
    });
  }
  const calls: DeliveryCalls = { reads: new Map(), approvals: new Map() };
  let outOfTime = 0;

  await forEachLimit(candidates.slice(0, admitted), EVENT_CONCURRENCY, async (event) => {
    try {
      if (event.uuid !== undefined && !deps.recent.claim(event.uuid)) {
        counts.duplicate++;
        log.log("info", "event.duplicate", { uuid: event.uuid });
        return;
      }
      // Waits while the isolate has its cap of events in flight (gives up when less than
      // EVENT_MIN_MS of the budget is left), then starts nothing while an answer is in
      // progress. In that order, only slot holders give way: at most FEEDBACK_MAX_IN_FLIGHT
      // events look at the answers at once.
      if (!(await backlog.acquire(deadline, EVENT_MIN_MS))) {
        outOfTime++;
        if (event.uuid !== undefined) deps.recent.release(event.uuid);
        return;
      }
      let outcome: EventOutcome;
      try {
        await backlog.giveWay();
        outcome = await processEvent(event, deps, calls, deadline, log);
      } finally {
        backlog.release();
      }
      counts[outcome]++;
      if (outcome === "failed" && event.uuid !== undefined) deps.recent.release(event.uuid);
    } finally {
      backlog.finish();
    }
  });

  if (outOfTime > 0) {
    // Real overload too: the isolate's in-flight work left no turn for these within the budget.
    counts.shed += outOfTime;
    log.log("warn", "event.shed", { eventId, shed: outOfTime, reason: "budget" });
  }
  // The one line per processed delivery (nothing is logged on receipt, to keep the ack lean).
  log.log("info", "event_hook.delivery_done", {
    eventId,
    events: delivery.events,
    selected: candidates.length,
    ...counts,
  });
}

async function processEvent(
  event: PhoneMfaEvent,
  deps: EventProcessorDeps,
  calls: DeliveryCalls,
  deadline: Deadline,
  log: Logger,
): Promise<EventOutcome> {
  const fields = { uuid: event.uuid, eventType: event.eventType, userId: event.userId };
  try {
    const phone = await findUserPhone(
      deps.okta,
      calls.reads,
      event.userId,
      event.factor,
      deps.phoneDefaultRegion,
      deadline,
      log,
    );
    if (!phone) {
      log.log("warn", "event.no_phone", fields);
      return "no_phone";
    }
    await deps.backlog.giveWay();
    // Checked and set with no await in between, so concurrent events share one approval.
    const earlier = calls.approvals.get(phone.e164);
    if (earlier) {
      // This delivery already approves this phone (the same user again, or a shared number):
      // a second approval would find nothing pending. A failure is shared, so a redelivery of
      // this event is processed again.
      return (await earlier) === "failed" ? "failed" : "same_phone";
    }
    const approval = deps.twilio.approveByPhone(phone.e164, deadline, log);
    calls.approvals.set(phone.e164, approval);
    const result = await approval;
    const phoneFields = { ...fields, phone: maskPhone(phone.e164), phoneSource: phone.source };
    switch (result) {
      case "approved":
        log.log("info", "event.approved", phoneFields);
        return "approved";
      case "not_found":
        // 20404: already approved, expired, or never sent through Verify. A normal outcome.
        log.log("info", "event.not_pending", phoneFields);
        return "not_pending";
      case "failed":
        log.log("error", "event.approve_failed", phoneFields);
        return "failed";
    }
  } catch (error) {
    const code = error instanceof ReceiverError ? error.code : "internal";
    log.log("error", "event.failed", { ...fields, code });
    return "failed";
  }
}
