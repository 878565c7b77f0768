// The simulated world a rehearsal starts from, derived from the stack's config: the org (its name,
// the API token the stack hands out), the Cloudflare account (its id, workers.dev subdomain, the
// zone of a custom domain), the Twilio account, and the test user the hook round trip uses.

import { randomBytes } from "node:crypto";
import type { StackConfig } from "../../config/schema";

export interface RehearsalSeed {
  readonly orgName: string;
  readonly baseUrl: string;
  /** The API token the stack hands to connectors; `id` is the one it imports, when it does. */
  readonly apiToken?: { readonly id: string; readonly value: string };
  /** The user whose SMS code the round trip sends and feeds back. */
  readonly user: { readonly id: string; readonly login: string; readonly mobilePhone: string };
  readonly cloudflare?: {
    readonly accountId: string;
    readonly workersDevSubdomain?: string;
    readonly zone?: { readonly id: string; readonly name: string };
  };
  readonly twilio?: {
    readonly accountSid: string;
    readonly verifyServiceSid: string;
    readonly authToken: string;
  };
}

/** A test number from the range reserved for fiction (NANP 555-0100 to 0199). */
export const ROUND_TRIP_PHONE = "+12025550123";

export function rehearsalSeed(
  config: StackConfig,
  secrets: Readonly<Record<string, string>>,
): RehearsalSeed {
  const spoke = config.connectors.servicenowSpoke;
  const token = secrets["oktaApiToken"];
  const twilio = config.connectors.twilioVerify;
  const twilioToken = secrets["twilioAuthToken"];
  const receiver = config.hookReceiver;
  const domain = receiver?.customDomain;
  return {
    orgName: config.okta.orgName,
    baseUrl: config.okta.baseUrl,
    ...(token !== undefined
      ? { apiToken: { id: spoke?.apiTokenId ?? `00T${oktaId(17)}`, value: token } }
      : {}),
    user: {
      id: `00u${oktaId(17)}`,
      login: "rehearsal.user@example.com",
      mobilePhone: ROUND_TRIP_PHONE,
    },
    ...(receiver?.cloudflareAccountId !== undefined
      ? {
          cloudflare: {
            accountId: receiver.cloudflareAccountId,
            ...(receiver.workersDevSubdomain !== undefined
              ? { workersDevSubdomain: receiver.workersDevSubdomain }
              : {}),
            // The zone a custom domain lies in; its parent domain stands in for the zone's name
            // (a zone is usually the registered domain; the config names only its id).
            ...(domain !== undefined
              ? { zone: { id: domain.zoneId, name: domain.hostname.split(".").slice(1).join(".") } }
              : {}),
          },
        }
      : {}),
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
