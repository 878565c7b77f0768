// The ServiceNow Okta spoke connector (seed: servicenow-okta-spoke-setup.txt): config block,
// sheet, component and what policies expect of its OAuth web app. Docs: README.md.

import { protectByDefault } from "../../../config/defaults";
import { defineConnector } from "../connector";
import { ServicenowSpoke } from "./component";
import { SPOKE_APP_NAME, servicenowSpokeConfig } from "./config";
import {
  servicenowSpokeApiKeyBundle,
  servicenowSpokeManualSteps,
  servicenowSpokeOAuthBundle,
} from "./sheet";

export const servicenowSpoke = defineConnector({
  ...servicenowSpokeConfig,
  docs: "components/connectors/servicenowSpoke/README.md",
  seeds: ["servicenow-okta-spoke-setup.txt"],
  usesApiToken: (spoke) => spoke.auth === "api-key",
  apiTokenImport: (spoke) =>
    spoke.auth === "api-key" && spoke.apiTokenId !== undefined
      ? {
          apiTokenId: spoke.apiTokenId,
          ...(spoke.networkZoneId === undefined ? {} : { networkZoneId: spoke.networkZoneId }),
        }
      : undefined,
  sheet(ctx, spoke, later) {
    const steps = servicenowSpokeManualSteps(ctx, spoke);
    return spoke.auth === "oauth"
      ? servicenowSpokeOAuthBundle(
          {
            orgUrl: ctx.orgUrl,
            instance: spoke.instance,
            clientId: later("clientId"),
            clientSecret: later("clientSecret"),
          },
          steps,
        )
      : servicenowSpokeApiKeyBundle({ orgUrl: ctx.orgUrl, apiToken: later("apiToken") }, steps);
  },
  declare(spoke, env) {
    const component = new ServicenowSpoke(
      servicenowSpokeConfig.id,
      {
        context: env.context,
        spoke,
        ...(spoke.auth === "api-key" ? { apiToken: env.shared.apiToken() } : {}),
        protect: protectByDefault(env.context.environment),
      },
      env.opts,
    );
    return { bundle: component.bundle };
  },
  // ServiceNow's OAuth setup for the Okta spoke asks for authorization_code, refresh_token and
  // implicit on its web app: the one preset that requires the implicit grant.
  apps: (spoke) =>
    spoke.auth === "oauth"
      ? [{ name: SPOKE_APP_NAME, capabilities: ["servicenow-spoke"], implicitGrant: true }]
      : [],
});
