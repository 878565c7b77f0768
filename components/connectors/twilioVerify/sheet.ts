// The Twilio Verify BYOT sheet (seed: twilio-verify-okta-byot-event-hook.txt), pure. Nothing here is
// pasted: the stack creates the event hook and the telephony inline hook and hands the Twilio
// values to its own receiver. The sheet records what was wired, for checking in the consoles,
// and the checklist of what only a person can do in Twilio and Okta.

import type { ConnectorBundle } from "../../outputs";
import type { ConnectorContext } from "../sheet";
import { form } from "../sheet";
import type { TwilioVerifyConfig } from "./types";

export type { TwilioVerifyConfig };

export const TWILIO_FORMS = {
  twilio: "Twilio Verify",
  eventHook: "Okta Event Hook",
  telephonyHook: "Okta Telephony Inline Hook",
} as const;

/** The events the seed subscribes the feedback hook to, with the console's names for them. */
export const TWILIO_FEEDBACK_EVENTS = [
  { type: "user.mfa.factor.activate", label: "User's MFA factor activated" },
  { type: "user.authentication.auth_via_mfa", label: "Authentication of user via MFA" },
] as const;

/** Display names of the hooks in Okta (the seed's example name for the event hook). */
export const TWILIO_HOOK_NAMES = {
  eventHook: "Twilio Verify Feedback",
  telephonyHook: "Twilio Verify telephony",
} as const;

export interface TwilioVerifyValues {
  readonly accountSid: string;
  readonly verifyServiceSid: string;
  readonly feedback: boolean;
  /** The receiver's event hook URL (only used with feedback). */
  readonly eventsUrl: string;
  readonly telephonyUrl: string;
}

export function twilioVerifyBundle(
  v: TwilioVerifyValues,
  manualSteps: readonly string[],
): ConnectorBundle {
  return {
    connector: "twilio-verify",
    title: "Twilio Verify BYOT for Okta telephony: what the stack wired, what stays manual",
    fields: [
      ...form(TWILIO_FORMS.twilio, [
        ["Account SID", v.accountSid],
        ["Verify Service SID", v.verifyServiceSid],
      ]),
      ...(v.feedback
        ? form(TWILIO_FORMS.eventHook, [
            ["Name", TWILIO_HOOK_NAMES.eventHook],
            ["URL", v.eventsUrl],
            [
              "Authentication",
              "HTTP header: the stack generates the secret and binds it to the receiver",
            ],
            [
              "Subscribe to Events",
              TWILIO_FEEDBACK_EVENTS.map((e) => `${e.label} (${e.type})`).join(", "),
            ],
          ])
        : []),
      ...form(TWILIO_FORMS.telephonyHook, [
        ["Name", TWILIO_HOOK_NAMES.telephonyHook],
        ["URL", v.telephonyUrl],
      ]),
    ],
    manualSteps,
  };
}

export function twilioVerifyManualSteps(ctx: ConnectorContext, tw: TwilioVerifyConfig): string[] {
  return [
    `In Twilio, enable Custom Code on Verify Service ${tw.verifyServiceSid} (Console > Verify > ` +
      "Services): Okta sets the one-time code itself. If the setting is not offered, ask Twilio " +
      "support to enable custom verification codes for the account.",
    "Leave Okta's Customizations > Telephony Providers page unset: the stack's telephony inline " +
      "hook replaces it, and an org has one telephony provider.",
    `In Okta (${ctx.orgUrl}), offer SMS and Voice (Phone authenticator) for MFA and recovery in ` +
      "your enrollment and authentication policies; the stack changes no policy.",
    "Test end to end: add a phone number to a test user, sign in with SMS and with voice, then " +
      "open the verification in Twilio Console > Verify Logs.",
    tw.feedback
      ? "Feedback is on: after real sign-ins, Monitor > Insights > Verify > Fraud fills in."
      : "Feedback is off (twilioVerify.feedback: false): Fraud Guard insights stay empty.",
  ];
}
