// Twilio Verify BYOT's block, `oktaplane:connectors.twilioVerify`, as plain TypeScript: the type
// the package's .d.ts show (zod's own need esModuleInterop). config.ts validates it, and proves
// its schema parses to exactly this.

/** `oktaplane:connectors.twilioVerify`, defaults applied. */
export interface TwilioVerifyConfig {
  /** The Twilio Account SID (AC + 32 hex). */
  accountSid: string;
  /** The Verify Service SID (VA + 32 hex). */
  verifyServiceSid: string;
  /** Whether Okta's successful MFA events approve the Twilio verification. @default true */
  feedback: boolean;
}

declare module "../../../config/types" {
  interface ConnectorsConfig {
    twilioVerify?: TwilioVerifyConfig;
  }
}
