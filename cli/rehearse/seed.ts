// The simulated org a rehearsal starts from, derived from the stack's config: what the stack
// refers to but does not create (groups, an existing API token, a network zone), plus the test
// user and Twilio account the hook round trip uses.

import { randomBytes } from "node:crypto";
import type { StackConfig } from "../../config/schema";

export interface OrgSeed {
  readonly orgName: string;
  readonly baseUrl: string;
  /** `idx` (Identity Engine) or `v1` (Classic), as `/.well-known/okta-organization` says. */
  readonly pipeline: "idx" | "v1";
  /** Group ids the stack binds roles to (they must exist for resource sets). */
  readonly groups: readonly string[];
  /** The API token the stack hands to connectors; `id` when the stack imports it. */
  readonly apiToken?: { readonly id: string; readonly value: string };
  readonly networkZones: readonly string[];
  /** The user whose SMS code the round trip sends and feeds back. */
  readonly user: { readonly id: string; readonly login: string; readonly mobilePhone: string };
  readonly twilio?: {
    readonly accountSid: string;
    readonly verifyServiceSid: string;
    readonly authToken: string;
  };
}

/** A test number from the range reserved for fiction (NANP 555-0100 to 0199). */
export const ROUND_TRIP_PHONE = "+12025550123";

export function orgSeed(config: StackConfig, secrets: Readonly<Record<string, string>>): OrgSeed {
  const groups = new Set<string>();
  for (const app of Object.values(config.serviceApps))
    for (const g of app.groups ?? []) groups.add(g);
  for (const g of config.connectors.moveworks?.groups ?? []) groups.add(g);
  const spoke = config.connectors.servicenowSpoke;
  const token = secrets["oktaApiToken"];
  const twilio = config.connectors.twilioVerify;
  const twilioToken = secrets["twilioAuthToken"];
  return {
    orgName: config.okta.orgName,
    baseUrl: config.okta.baseUrl,
    pipeline: config.okta.engine === "oie" ? "idx" : "v1",
    groups: [...groups].sort(),
    ...(token !== undefined
      ? { apiToken: { id: spoke?.apiTokenId ?? `00T${oktaId(17)}`, value: token } }
      : {}),
    networkZones: spoke?.networkZoneId === undefined ? [] : [spoke.networkZoneId],
    user: {
      id: `00u${oktaId(17)}`,
      login: "rehearsal.user@example.com",
      mobilePhone: ROUND_TRIP_PHONE,
    },
    ...(twilio !== undefined && twilioToken !== undefined
      ? {
          twilio: {
            accountSid: twilio.accountSid,
            verifyServiceSid: twilio.verifyServiceSid,
            authToken: twilioToken,
          },
        }
      : {}),
  };
}

/** Okta ids: a 3-character type prefix and 17 characters of [0-9A-Za-z]. */
function oktaId(length: number): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return [...randomBytes(length)].map((b) => alphabet[b % 62]).join("");
}
