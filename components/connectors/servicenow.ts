// What the two ServiceNow connectors (the Okta spoke and the AI voice agent) share: the instance
// name their config takes and the OAuth redirect endpoint an instance serves.

import { z } from "zod";
import { env } from "../../config/schema";

export const serviceNowInstance = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
    error:
      "must be the ServiceNow instance name only, e.g. acme for https://acme.service-now.com (no scheme, no domain)",
  })
  .meta(env("ServiceNow instance name"));

/** ServiceNow's OAuth redirect endpoint for an instance name. */
export function serviceNowRedirectUri(instance: string): string {
  return `https://${instance}.service-now.com/oauth_redirect.do`;
}
