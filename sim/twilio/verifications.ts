// Twilio Verify v2 verifications in memory: start one (or send again to a pending one), approve or
// cancel it by its VE sid or by the phone number, and fetch it; the rules cite twilio-oai
// spec/json/twilio_verify_v2.json ("TOAI") and the Twilio docs in fixtures/SOURCES.md §3.

import { randomBytes } from "node:crypto";
import type { SimClock } from "../shared/clock";
import { twilioError, type TwilioErrorBody } from "./errors";

/** TOAI `Channel` enum; the simulator sends nothing, so only the phone channels are accepted. */
export const CHANNELS = ["sms", "call"] as const;
export type Channel = (typeof CHANNELS)[number];
/** TDOCS errors/60203: more than 5 sends to one number within 10 minutes are refused. */
export const MAX_SENDS = 5;
/** A verification expires 10 minutes after it starts (fixtures/SOURCES.md §3, TDOCS blog). */
export const LIFETIME_MS = 10 * 60_000;

const E164 = /^\+[1-9]\d{1,14}$/;
// TOAI: "The code can be between 4 and 10 characters, inclusive."
const CUSTOM_CODE = /^[0-9A-Za-z]{4,10}$/;
const LOCALE = /^[a-z]{2}(-[A-Za-z0-9]{2,4})?$/;

export type Status = "pending" | "approved" | "canceled" | "expired";

export interface SendAttempt {
  readonly time: string;
  readonly channel: string;
  readonly attempt_sid: string;
}

/** One verification. Its code is a getter, so it never shows in JSON or console output. */
export class Verification {
  status: Status = "pending";
  dateUpdated: number;
  readonly sendCodeAttempts: SendAttempt[] = [];
  #customCode: string;

  constructor(
    readonly sid: string,
    readonly accountSid: string,
    readonly serviceSid: string,
    readonly to: string,
    public channel: Channel,
    public locale: string | undefined,
    customCode: string,
    readonly createdAt: number,
  ) {
    this.#customCode = customCode;
    this.dateUpdated = createdAt;
  }

  /** The code Okta generated and the Worker passed as `CustomCode` (for assertions only). */
  get customCode(): string {
    return this.#customCode;
  }

  resend(channel: Channel, locale: string | undefined, customCode: string, now: number): void {
    this.channel = channel;
    this.locale = locale;
    this.#customCode = customCode;
    this.dateUpdated = now;
  }

  /** The resource as Twilio returns it (TOAI `verify.v2.service.verification`, snake_case). */
  toResource(): Record<string, unknown> {
    return {
      sid: this.sid,
      service_sid: this.serviceSid,
      account_sid: this.accountSid,
      to: this.to,
      channel: this.channel,
      status: this.status,
      valid: this.status === "approved",
      date_created: iso(this.createdAt),
      date_updated: iso(this.dateUpdated),
      lookup: {},
      amount: null,
      payee: null,
      send_code_attempts: this.sendCodeAttempts,
      sna: null,
      url: `https://verify.twilio.com/v2/Services/${this.serviceSid}/Verifications/${this.sid}`,
    };
  }
}

export type Outcome =
  | { readonly ok: true; readonly status: number; readonly verification: Verification }
  | { readonly ok: false; readonly error: TwilioErrorBody };

export interface ServiceOptions {
  /** VA… sid. */
  readonly sid: string;
  /** Whether the service allows `CustomCode` (off: 60204, see docs/HOOKS.md "What stays manual"). */
  readonly customCodeEnabled: boolean;
  /**
   * The `Locale` values the service's template has translations for. @default the Verify Default
   * template's (VERIFY_DEFAULT_LOCALES); a pre-approved template supports "only a subset".
   */
  readonly locales?: readonly string[];
}

/**
 * The Verify Default template's language tags (twilio.com/docs/verify/supported-languages): "If an
 * unsupported override locale is given, a 404 error will be returned", and Twilio recommends
 * retrying without `Locale`.
 */
// prettier-ignore
export const VERIFY_DEFAULT_LOCALES: readonly string[] = [
  "af", "ar", "ca", "zh", "zh-CN", "zh-HK", "hr", "cs", "da", "nl", "en", "en-GB", "et", "fi",
  "fr", "de", "el", "he", "hi", "hu", "id", "it", "ja", "kn", "ko", "lt", "ms", "mr", "nb", "pl",
  "pt-BR", "pt", "ro", "ru", "sk", "es", "sv", "tl", "te", "th", "tr", "uk", "vi",
];

/** Finished (approved, canceled, expired) verifications kept for `verifications`. */
export const HISTORY = 1_000;

/**
 * Every verification the simulator has seen, per service. Pending ones are indexed by number and
 * by sid, in creation order (which is also expiry order: a resend keeps the start time), so every
 * call costs the same however many are pending; finished ones leave for a bounded history, since
 * Twilio deletes them anyway ("Twilio deletes the verification SID once it expires, it's
 * approved…", fixtures/SOURCES.md §3).
 */
export class VerifyState {
  /** `${serviceSid} ${to}` → its pending verification, oldest first. */
  readonly #pending = new Map<string, Verification>();
  readonly #pendingBySid = new Map<string, Verification>();
  #history: Verification[] = [];
  readonly #services: ReadonlyMap<string, ServiceOptions & { readonly allowed: Set<string> }>;

  constructor(
    readonly accountSid: string,
    services: readonly ServiceOptions[],
    private readonly clock: SimClock,
  ) {
    this.#services = new Map(
      services.map((s) => [
        s.sid,
        { ...s, allowed: new Set((s.locales ?? VERIFY_DEFAULT_LOCALES).map(lower)) },
      ]),
    );
  }

  /** The kept verifications, oldest first: the recent history and every pending one. */
  get verifications(): readonly Verification[] {
    this.#expire();
    return [...this.#history, ...this.#pending.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  hasService(sid: string): boolean {
    return this.#services.has(sid);
  }

  /** Whether `to` has a verification waiting for its code on this service. */
  hasPending(serviceSid: string, to: string): boolean {
    this.#expire();
    return this.#pending.has(key(serviceSid, to));
  }

  /**
   * TOAI CreateVerification. A second send to a number with a pending verification reuses it
   * (same VE sid, one more send attempt), up to MAX_SENDS (TDOCS 60203).
   */
  create(serviceSid: string, form: URLSearchParams): Outcome {
    const to = form.get("To") ?? "";
    const channel = form.get("Channel") ?? "";
    const customCode = form.get("CustomCode");
    const locale = form.get("Locale") ?? undefined;
    if (!E164.test(to)) return fail(60200, "To");
    if (!(CHANNELS as readonly string[]).includes(channel)) return fail(60200, "Channel");
    if (customCode === null || !CUSTOM_CODE.test(customCode)) return fail(60200, "CustomCode");
    if (locale !== undefined && !LOCALE.test(locale)) return fail(60200, "Locale");
    const service = this.#services.get(serviceSid)!;
    if (!service.customCodeEnabled) return fail(60204);
    // (inferred: the code of that 404; the page names only the status) 20404, the not-found code.
    if (locale !== undefined && !service.allowed.has(lower(locale))) {
      return fail(20404, `/Services/${serviceSid}/Verifications`);
    }
    const now = this.clock.now();
    this.#expire();
    let verification = this.#pending.get(key(serviceSid, to));
    if (verification !== undefined && verification.sendCodeAttempts.length >= MAX_SENDS) {
      return fail(60203);
    }
    if (verification === undefined) {
      verification = new Verification(
        sid("VE"),
        this.accountSid,
        serviceSid,
        to,
        channel as Channel,
        locale,
        customCode,
        now,
      );
      this.#pending.set(key(serviceSid, to), verification);
      this.#pendingBySid.set(verification.sid, verification);
    } else {
      verification.resend(channel as Channel, locale, customCode, now);
    }
    verification.sendCodeAttempts.push({
      time: iso(now),
      channel: channel.toUpperCase(),
      attempt_sid: sid("VL"),
    });
    return { ok: true, status: 201, verification };
  }

  /**
   * TOAI UpdateVerification: `Status` approved|canceled. `{Sid}` is the VE sid or the E.164
   * number (TSNIP "Approve a Verification using Phone Number"). Approved, canceled or expired
   * verifications are gone for Twilio, so a second update is 20404 (fixtures/SOURCES.md §3).
   */
  update(serviceSid: string, target: string, form: URLSearchParams, path: string): Outcome {
    const status = form.get("Status");
    if (status !== "approved" && status !== "canceled") return fail(60200, "Status");
    const verification = this.#pendingFor(serviceSid, target);
    if (verification === undefined) return fail(20404, path);
    this.#finish(verification, status);
    return { ok: true, status: 200, verification };
  }

  /** TOAI FetchVerification, by VE sid only; a verification Twilio deleted is 20404. */
  fetch(serviceSid: string, target: string, path: string): Outcome {
    this.#expire();
    const verification = this.#pendingBySid.get(target);
    return verification === undefined || verification.serviceSid !== serviceSid
      ? fail(20404, path)
      : { ok: true, status: 200, verification };
  }

  /**
   * Cancels every pending verification, as a test harness does between runs to stay within the
   * 5-sends limit ("Manually cancel the verification by calling the Verification Update
   * endpoint", Twilio's blog "test Verify without rate limits", fixtures/SOURCES.md §3).
   */
  cancelPending(): number {
    const pending = [...this.#pending.values()];
    for (const v of pending) this.#finish(v, "canceled");
    return pending.length;
  }

  /** Forgets every verification (a fresh account). */
  clear(): void {
    this.#pending.clear();
    this.#pendingBySid.clear();
    this.#history = [];
  }

  #pendingFor(serviceSid: string, target: string): Verification | undefined {
    this.#expire();
    if (!target.startsWith("VE")) return this.#pending.get(key(serviceSid, target));
    const verification = this.#pendingBySid.get(target);
    return verification?.serviceSid === serviceSid ? verification : undefined;
  }

  #finish(verification: Verification, status: Exclude<Status, "pending">): void {
    verification.status = status;
    verification.dateUpdated = this.clock.now();
    this.#pending.delete(key(verification.serviceSid, verification.to));
    this.#pendingBySid.delete(verification.sid);
    this.#history.push(verification);
    if (this.#history.length > 2 * HISTORY) this.#history = this.#history.slice(-HISTORY);
  }

  /** Pending verifications are in creation order: expire from the front until one is live. */
  #expire(): void {
    const now = this.clock.now();
    for (const v of this.#pending.values()) {
      if (now - v.createdAt < LIFETIME_MS) return;
      this.#finish(v, "expired");
    }
  }
}

const key = (serviceSid: string, to: string) => `${serviceSid} ${to}`;
const lower = (tag: string) => tag.toLowerCase();

function fail(code: number, detail?: string): Outcome {
  return { ok: false, error: twilioError(code, detail) };
}

/** Twilio sids: a two-letter prefix and 32 hex digits. */
export function sid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
