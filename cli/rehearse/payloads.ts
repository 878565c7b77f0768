// The two Okta payloads the hook round trip sends: a telephony inline hook request (what Okta
// sends the telephony provider hook when a user needs an SMS code) and an event hook delivery of
// a successful SMS MFA (what makes the Worker approve the Twilio verification).

import { randomUUID } from "node:crypto";

/**
 * Shape of Okta's sample request (developer.okta.com/docs/reference/telephony-hook/, "Sample JSON
 * payload of a request"; ../shared/fixtures/okta-telephony-hook-request.json): note
 * `cloudEventVersion` without the s, and `phoneNumber`/`otpCode` as strings.
 */
export function telephonyRequest(options: {
  readonly orgUrl: string;
  readonly hookId: string;
  readonly user: { readonly id: string; readonly login: string };
  readonly phoneNumber: string;
  readonly otpCode: string;
  readonly now: Date;
}): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    eventTime: options.now.toISOString(),
    eventType: "com.okta.telephony.provider",
    eventTypeVersion: "1.0",
    contentType: "application/json",
    cloudEventVersion: "0.1",
    source: `${options.orgUrl}/api/v1/inlineHooks/${options.hookId}`,
    requestType: "com.okta.user.telephony.mfa-verification",
    data: {
      context: {
        request: {
          id: `req${randomUUID().replaceAll("-", "").slice(0, 22)}`,
          method: "POST",
          url: { value: "/idp/idx/challenge/send" },
          ipAddress: "127.0.0.1",
        },
      },
      userProfile: {
        firstName: "Rehearsal",
        lastName: "User",
        login: options.user.login,
        userId: options.user.id,
      },
      messageProfile: {
        msgTemplate: `Your code is ${options.otpCode}`,
        phoneNumber: options.phoneNumber,
        otpExpires: new Date(options.now.getTime() + 5 * 60_000).toISOString(),
        deliveryChannel: "SMS",
        otpCode: options.otpCode,
        locale: "EN-US",
      },
    },
  };
}

/**
 * An event hook delivery of `user.authentication.auth_via_mfa` with the SMS factor, as the Worker
 * selects them (worker/mfa-events.ts; envelope per developer.okta.com/docs/concepts/event-hooks/,
 * fields per ../shared/fixtures/okta-event-hook-auth-via-mfa.DERIVED.json).
 */
export function smsMfaDelivery(options: {
  readonly orgUrl: string;
  readonly hookId: string;
  readonly user: { readonly id: string; readonly login: string };
  readonly now: Date;
}): Record<string, unknown> {
  return {
    eventType: "com.okta.event_hook",
    eventTypeVersion: "1.0",
    cloudEventsVersion: "0.1",
    source: `${options.orgUrl}/api/v1/eventHooks/${options.hookId}`,
    eventId: randomUUID(),
    eventTime: options.now.toISOString(),
    contentType: "application/json",
    data: {
      events: [
        {
          uuid: randomUUID(),
          published: options.now.toISOString(),
          eventType: "user.authentication.auth_via_mfa",
          version: "0",
          displayMessage: "Authentication of user via MFA",
          severity: "INFO",
          actor: {
            id: options.user.id,
            type: "User",
            alternateId: options.user.login,
            displayName: "Rehearsal User",
          },
          outcome: { result: "SUCCESS", reason: null },
          target: [
            { id: "sms1rehearsal000000", type: "AuthenticatorEnrollment", displayName: "Phone" },
          ],
          debugContext: { debugData: { factor: "SMS_FACTOR" } },
        },
      ],
    },
  };
}
