// The oktaplane program: validate the stack's config, then declare each concept's component.
// index.ts runs it under the Pulumi engine; `npm run plan` runs it under the mock runtime.

import * as okta from "@pulumi/okta";
import { resolveRateLimits } from "./config/defaults";
import { loadStackConfig, type MissingSecretMode } from "./config/load";

export interface ProgramOptions {
  /** `fail` under the engine; `placeholder` for the offline plan, which reports the gap. */
  readonly missingSecrets: MissingSecretMode;
}

export async function main(
  options: ProgramOptions = { missingSecrets: "fail" },
): Promise<Record<string, unknown>> {
  // Everything is validated before the first resource is registered.
  const { config } = loadStackConfig(options.missingSecrets);
  const orgUrl = `https://${config.okta.orgName}.${config.okta.baseUrl}`;

  // An explicit provider so throttling comes from stack config; credentials still come from the
  // provider's own environment variables (OKTA_API_TOKEN, or OKTA_API_CLIENT_ID +
  // OKTA_API_PRIVATE_KEY + OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES), never from this repo.
  new okta.Provider("okta", {
    orgName: config.okta.orgName,
    baseUrl: config.okta.baseUrl,
    backoff: true,
    ...resolveRateLimits(config.environment, config.okta.rateLimit),
  });

  return { orgUrl, environment: config.environment };
}
