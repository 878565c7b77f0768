// Shared inputs for the mock-runtime suites: a receiver's Okta service app and Twilio values,
// with the secret ones given as Pulumi secrets the way the program passes them.

import * as pulumi from "@pulumi/pulumi";
import type {
  HookReceiverOktaArgs,
  HookReceiverTwilioArgs,
} from "../../../components/hookReceiver";

export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const ZONE_ID = "fedcba9876543210fedcba9876543210";
export const PRIVATE_KEY_PEM =
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-test-only\n-----END PRIVATE KEY-----\n";
export const TWILIO_AUTH_TOKEN = "twilio-auth-token-0123456789abcdef";
export const TWILIO_ACCOUNT_SID = `AC${"1".repeat(32)}`;
export const TWILIO_SERVICE_SID = `VA${"2".repeat(32)}`;

export function oktaArgs(): HookReceiverOktaArgs {
  return {
    orgUrl: "https://dev-123456.okta.com",
    // An Output, as a ServiceApp's outputs will be.
    clientId: pulumi.output("0oa1receiverapp"),
    privateKeyPem: pulumi.secret(PRIVATE_KEY_PEM),
    kid: pulumi.output("kid-receiver-1"),
    requireDpop: pulumi.output(true),
  };
}

export function twilioArgs(): HookReceiverTwilioArgs {
  return {
    accountSid: TWILIO_ACCOUNT_SID,
    verifyServiceSid: TWILIO_SERVICE_SID,
    authToken: pulumi.secret(TWILIO_AUTH_TOKEN),
  };
}
