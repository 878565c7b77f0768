// The hook round trip after `pulumi up`: Okta's event hook verification reached the deployed
// Worker (during the up), a telephony inline hook execute makes the Worker send one code through
// Twilio's simulator, and one SMS MFA event delivery makes it approve that verification.

import { randomInt } from "node:crypto";
import type { ResourceOutputs } from "./engineEvents";
import { smsMfaDelivery, telephonyRequest } from "./payloads";
import type { RehearsalSeed } from "./seed";
import type { RehearsalSims } from "./sims";
import type { CallRecord } from "../../sim/shared/recorder";

export interface RoundTripStep {
  readonly ok: boolean;
  /** HTTP status of the call that started the step; null when it did not run. */
  readonly status: number | null;
  readonly detail: string;
}

export type RoundTripReport =
  | { readonly ran: false; readonly reason: string }
  | {
      readonly ran: true;
      readonly ok: boolean;
      readonly verification: RoundTripStep;
      readonly telephony: RoundTripStep & { readonly codesSent: number };
      readonly feedback: RoundTripStep & { readonly approved: number };
    };

const EVENT_HOOK = "okta:index/eventHook:EventHook";
const INLINE_HOOK = "okta:inline/hook:Hook";

export interface RoundTripInputs {
  readonly sims: RehearsalSims;
  readonly seed: RehearsalSeed;
  readonly orgUrl: string;
  /** Resources after the up, by URN. */
  readonly deployed: ReadonlyMap<string, ResourceOutputs>;
  /** Okta calls made during the up (the verification happens there). */
  readonly upCalls: readonly CallRecord[];
  /** How long to wait for the Worker's background feedback. @default 5000 */
  readonly feedbackWaitMs?: number;
}

export async function runRoundTrip(inputs: RoundTripInputs): Promise<RoundTripReport> {
  const { sims } = inputs;
  const find = (type: string) => [...inputs.deployed.values()].find((r) => r.type === type);
  const eventHook = find(EVENT_HOOK);
  const inlineHook = find(INLINE_HOOK);
  if (eventHook === undefined && inlineHook === undefined)
    return { ran: false, reason: "the stack declares no event hook and no telephony hook" };

  const verification = verificationStep(inputs.upCalls, eventHook);
  const before = sims.twilio.verifications().length;
  const telephony = await telephonyStep(inputs, inlineHook);
  const codesSent = sims.twilio.verifications().length - before;
  const sent: RoundTripStep & { codesSent: number } = {
    ...telephony,
    ok: telephony.ok && codesSent === 1,
    codesSent,
    detail:
      telephony.ok && codesSent !== 1
        ? `the Worker answered but Twilio's simulator saw ${codesSent} verifications (expected exactly 1)`
        : telephony.detail,
  };
  const feedback = await feedbackStep(inputs, eventHook, sent.ok);
  return {
    ran: true,
    ok: verification.ok && sent.ok && feedback.ok,
    verification,
    telephony: sent,
    feedback,
  };
}

function verificationStep(
  upCalls: readonly CallRecord[],
  eventHook: ResourceOutputs | undefined,
): RoundTripStep {
  if (eventHook === undefined)
    return { ok: true, status: null, detail: "no event hook in this stack" };
  const verifies = upCalls.filter((c) => c.sim === "okta" && c.operation === "verifyEventHook");
  const last = verifies[verifies.length - 1];
  if (last === undefined)
    return { ok: false, status: null, detail: "the up never asked Okta to verify the event hook" };
  return {
    ok: last.status === 200,
    status: last.status,
    detail:
      last.status === 200
        ? `Okta's verification challenge reached the Worker and was echoed (${verifies.length} attempt${verifies.length === 1 ? "" : "s"})`
        : `event hook verification answered ${last.status}${last.errorCode ? ` ${last.errorCode}` : ""}`,
  };
}

async function telephonyStep(
  inputs: RoundTripInputs,
  inlineHook: ResourceOutputs | undefined,
): Promise<RoundTripStep> {
  if (inlineHook === undefined)
    return { ok: true, status: null, detail: "no telephony hook in this stack" };
  const { sims, seed } = inputs;
  const token = await sims.okta.issueToken(["okta.inlineHooks.manage"], "rehearse");
  const otpCode = String(randomInt(100000, 1000000));
  const body = telephonyRequest({
    orgUrl: inputs.orgUrl,
    hookId: inlineHook.id,
    user: seed.user,
    phoneNumber: seed.user.mobilePhone,
    otpCode,
    now: new Date(sims.clock.now()),
  });
  // executeInlineHook: "sends the provided data through the channel and returns the response"
  // (Okta Management API, InlineHook).
  const response = await fetch(
    `${sims.okta.url}/api/v1/inlineHooks/${encodeURIComponent(inlineHook.id)}/execute`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify(body),
    },
  );
  const text = await response.text();
  const delivered = response.status === 200 && /"status"\s*:\s*"SUCCESSFUL"/.test(text);
  return {
    ok: delivered,
    status: response.status,
    detail: delivered
      ? "Okta's telephony request reached the Worker, which sent the code through Twilio Verify"
      : `telephony execute answered ${response.status}: ${summarize(text)}`,
  };
}

async function feedbackStep(
  inputs: RoundTripInputs,
  eventHook: ResourceOutputs | undefined,
  codeSent: boolean,
): Promise<RoundTripStep & { approved: number }> {
  if (eventHook === undefined)
    return { ok: true, status: null, detail: "no event hook in this stack", approved: 0 };
  if (!codeSent)
    return {
      ok: false,
      status: null,
      detail: "not run: no code was sent to feed back",
      approved: 0,
    };
  const { sims, seed } = inputs;
  const approvedBefore = approvedCount(sims);
  const { status } = await sims.okta.deliverEvent(
    eventHook.id,
    smsMfaDelivery({
      orgUrl: inputs.orgUrl,
      hookId: eventHook.id,
      user: seed.user,
      now: new Date(sims.clock.now()),
    }),
  );
  // The Worker acknowledges at once and feeds back in waitUntil (docs/WORKER.md).
  const deadline = Date.now() + (inputs.feedbackWaitMs ?? 5000);
  let approved = approvedCount(sims) - approvedBefore;
  while (status === 200 && approved === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    approved = approvedCount(sims) - approvedBefore;
  }
  return {
    ok: status === 200 && approved === 1,
    status,
    approved,
    detail:
      status !== 200
        ? `the Worker answered the event delivery with ${status}`
        : approved === 1
          ? "the SMS MFA event reached the Worker, which approved the Twilio verification"
          : `the Worker acknowledged the event but approved ${approved} verifications (expected 1)`,
  };
}

function approvedCount(sims: RehearsalSims): number {
  return sims.twilio.verifications().filter((v) => v.status === "approved").length;
}

function summarize(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine || "(empty body)";
}
