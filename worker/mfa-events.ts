// Picks, from an event hook delivery, the successful SMS / voice MFA events that warrant Twilio
// feedback. SMS/CALL detection follows Twilio's sample receiver: debugContext.debugData.factor is
// SMS_FACTOR / CALL_FACTOR, or outcome.reason mentions one of them (see fixtures/SOURCES.md).

import { asRecord } from "./shape";

export const FEEDBACK_EVENT_TYPES: ReadonlySet<string> = new Set([
  "user.authentication.auth_via_mfa",
  "user.mfa.factor.activate",
]);

export interface PhoneMfaEvent {
  /** Okta's event uuid: the de-duplication key. Undefined if Okta ever omits it. */
  readonly uuid: string | undefined;
  readonly eventType: string;
  readonly userId: string;
  readonly factor: "sms" | "call";
}

export function selectPhoneMfaEvents(events: readonly unknown[]): PhoneMfaEvent[] {
  const selected: PhoneMfaEvent[] = [];
  for (const raw of events) {
    const event = asRecord(raw);
    const eventType = event.eventType;
    if (typeof eventType !== "string" || !FEEDBACK_EVENT_TYPES.has(eventType)) continue;
    const outcome = asRecord(event.outcome);
    if (outcome.result !== "SUCCESS") continue;
    const factor = phoneFactor(event, outcome);
    const userId = subjectUserId(event);
    if (factor === undefined || userId === undefined) continue;
    const uuid = typeof event.uuid === "string" && event.uuid !== "" ? event.uuid : undefined;
    selected.push({ uuid, eventType, userId, factor });
  }
  return selected;
}

function phoneFactor(
  event: Record<string, unknown>,
  outcome: Record<string, unknown>,
): "sms" | "call" | undefined {
  const debugFactor = asRecord(asRecord(event.debugContext).debugData).factor;
  const reason = typeof outcome.reason === "string" ? outcome.reason : "";
  if (debugFactor === "SMS_FACTOR" || reason.includes("SMS_FACTOR")) return "sms";
  if (debugFactor === "CALL_FACTOR" || reason.includes("CALL_FACTOR")) return "call";
  return undefined;
}

/** The user the factor belongs to: a User target (an admin may act on someone), else the actor. */
function subjectUserId(event: Record<string, unknown>): string | undefined {
  const targets = Array.isArray(event.target) ? event.target.map(asRecord) : [];
  const candidates = [...targets, asRecord(event.actor)];
  const user = candidates.find((c) => c.type === "User" && isOktaId(c.id));
  return user?.id as string | undefined;
}

/** Okta ids are alphanumeric; anything else must not reach a URL path. */
export function isOktaId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9]{1,64}$/.test(value);
}
