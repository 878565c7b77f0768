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
}

/** Every verification the simulator has seen, per service; expired ones are kept for history. */
export class VerifyState {
  readonly #all: Verification[] = [];
  readonly #services: ReadonlyMap<string, ServiceOptions>;

  constructor(
    readonly accountSid: string,
    services: readonly ServiceOptions[],
    private readonly clock: SimClock,
  ) {
    this.#services = new Map(services.map((s) => [s.sid, s]));
  }

  /** Every verification, oldest first (history included). */
  get verifications(): readonly Verification[] {
    this.#expire();
    return this.#all;
  }

  hasService(sid: string): boolean {
    return this.#services.has(sid);
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
    if (!this.#services.get(serviceSid)!.customCodeEnabled) return fail(60204);
    const now = this.clock.now();
    let verification = this.#pending(serviceSid, (v) => v.to === to);
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
      this.#all.push(verification);
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
    const verification = this.#pending(serviceSid, matches(target));
    if (verification === undefined) return fail(20404, path);
    verification.status = status;
    verification.dateUpdated = this.clock.now();
    return { ok: true, status: 200, verification };
  }

  /** TOAI FetchVerification, by VE sid only; a verification Twilio deleted is 20404. */
  fetch(serviceSid: string, target: string, path: string): Outcome {
    const verification = this.#pending(serviceSid, (v) => v.sid === target);
    return verification === undefined ? fail(20404, path) : { ok: true, status: 200, verification };
  }

  #pending(serviceSid: string, match: (v: Verification) => boolean): Verification | undefined {
    this.#expire();
    return this.#all.find((v) => v.serviceSid === serviceSid && v.status === "pending" && match(v));
  }

  #expire(): void {
    const now = this.clock.now();
    for (const v of this.#all) {
      if (v.status === "pending" && now - v.createdAt >= LIFETIME_MS) v.status = "expired";
    }
  }
}

function matches(target: string): (v: Verification) => boolean {
  return target.startsWith("VE") ? (v) => v.sid === target : (v) => v.to === target;
}

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
