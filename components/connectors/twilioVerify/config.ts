// Twilio Verify BYOT's block, `oktaplane:connectors.twilioVerify`: the account and Verify
// service the stack's hook receiver calls, and whether Okta's MFA events feed Twilio back.

import { z } from "zod";
import type { ConnectorConfigSpec } from "../../../config/connectorSpec";
import type { SameType } from "../../../config/sameType";
import { env } from "../../../config/schema";
import { SHARED_PIECES } from "../shared";
import type { TwilioVerifyConfig } from "./types";

export const twilioVerifySchema = z.strictObject({
  accountSid: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, { error: "must be a Twilio Account SID (AC + 32 hex)" })
    .meta(env("Twilio Account SID")),
  verifyServiceSid: z
    .string()
    .regex(/^VA[0-9a-f]{32}$/, { error: "must be a Twilio Verify Service SID (VA + 32 hex)" })
    .meta(env("Twilio Verify Service SID")),
  feedback: z.boolean().default(true),
});
// The plain type (./types.ts, what the package's .d.ts show) is exactly what it parses to.
true satisfies SameType<z.output<typeof twilioVerifySchema>, TwilioVerifyConfig>;

export const twilioVerifyConfig: ConnectorConfigSpec<TwilioVerifyConfig> = {
  id: "twilio-verify",
  configKey: "twilioVerify",
  schema: twilioVerifySchema,
  secrets: [
    {
      key: "twilioAuthToken",
      description: "The Twilio account's Auth Token, used by the hook receiver to call Verify.",
    },
  ],
  // The receiver's own app exists for this connector's sake.
  appNames: () => [SHARED_PIECES.hookReceiver],
  requires: { hookReceiver: "it hosts the hooks" },
};
