// The ServiceNow Okta spoke's block, `oktaplane:connectors.servicenowSpoke`: the instance, OAuth
// (the web app) or an API key (the shared token, optionally imported and confined to a zone).

import { z } from "zod";
import type { ConnectorConfigSpec } from "../../../config/connectorSpec";
import type { SameType } from "../../../config/sameType";
import { env } from "../../../config/schema";
import { serviceNowInstance } from "../servicenow";
import { oktaApiTokenSecret } from "../shared";
import type { SpokeConfig } from "./types";

export const servicenowSpokeSchema = z.strictObject({
  instance: serviceNowInstance,
  auth: z.enum(["oauth", "api-key"]),
  apiTokenId: z
    .string()
    .regex(/^00T[0-9A-Za-z]{17}$/, { error: "must be an Okta API token id (00T…)" })
    .optional()
    .meta(env("Okta API token id to import and restrict")),
  networkZoneId: z
    .string()
    .regex(/^nzo[0-9A-Za-z]{17}$/, { error: "must be an Okta network zone id (nzo…)" })
    .optional()
    .meta(env("Okta network zone id")),
});
// The plain type (./types.ts, what the package's .d.ts show) is exactly what it parses to.
true satisfies SameType<z.output<typeof servicenowSpokeSchema>, SpokeConfig>;

/** The web app's logical name (OAuth only). */
export const SPOKE_APP_NAME = "servicenow-spoke";

export const servicenowSpokeConfig: ConnectorConfigSpec<SpokeConfig> = {
  id: "servicenow-spoke",
  configKey: "servicenowSpoke",
  schema: servicenowSpokeSchema,
  rules(spoke, issue) {
    if (spoke.auth === "oauth") {
      for (const key of ["apiTokenId", "networkZoneId"] as const) {
        if (spoke[key] !== undefined)
          issue(
            [key],
            "only applies with auth: api-key (the OAuth web app uses no API token); " +
              "remove it or set auth: api-key",
          );
      }
    }
    if (spoke.auth === "api-key" && spoke.networkZoneId !== undefined && !spoke.apiTokenId)
      issue(
        ["networkZoneId"],
        "needs apiTokenId: the token is restricted to the zone through its imported okta.ApiToken",
      );
  },
  secrets: [oktaApiTokenSecret<SpokeConfig>((spoke) => spoke.auth === "api-key")],
  appNames: (spoke) => (spoke.auth === "oauth" ? [SPOKE_APP_NAME] : []),
};
