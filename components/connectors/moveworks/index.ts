// The Moveworks connector (seeds: moveworks-agent-studio-okta-jwt-connector.txt,
// moveworks-okta-access-requirements.txt): JWT with its own service app, or the shared API token.
// Docs: README.md.

import { defineConnector } from "../connector";
import { Moveworks } from "./component";
import { MOVEWORKS_APP_NAME, moveworksConfig } from "./config";
import {
  moveworksApiKeyBundle,
  moveworksJwtBundle,
  moveworksCapabilities,
  moveworksManualSteps,
} from "./sheet";

export const moveworks = defineConnector({
  ...moveworksConfig,
  docs: "components/connectors/moveworks/README.md",
  seeds: [
    "moveworks-agent-studio-okta-jwt-connector.txt",
    "moveworks-okta-access-requirements.txt",
  ],
  usesApiToken: (mw) => mw.auth === "api-key",
  sheet(ctx, mw, later) {
    const steps = moveworksManualSteps(ctx, mw);
    const { environment, orgUrl } = ctx;
    return mw.auth === "jwt"
      ? moveworksJwtBundle(
          {
            environment,
            orgUrl,
            clientId: later("clientId"),
            kid: later("kid"),
            algorithm: "RS256",
            tokenUrl: later("tokenUrl"),
            audience: later("tokenUrl"),
            scopes: [],
            privateKeyPem: later("privateKeyPem"),
          },
          steps,
        )
      : moveworksApiKeyBundle({ environment, orgUrl, apiToken: later("apiToken") }, steps);
  },
  declare(mw, env) {
    const component = new Moveworks(
      moveworksConfig.id,
      mw.auth === "jwt"
        ? {
            context: env.context,
            moveworks: mw,
            serviceApp: env.need(
              env.deps.serviceApp,
              "connectors.moveworks (auth jwt)",
              "deps.serviceApp",
            ),
          }
        : { context: env.context, moveworks: mw, apiToken: env.shared.apiToken() },
      env.opts,
    );
    return {
      bundle: component.bundle,
      ...(component.app ? { serviceApps: { [moveworksConfig.id]: component.app } } : {}),
    };
  },
  apps: (mw) =>
    mw.auth === "jwt"
      ? [
          {
            name: MOVEWORKS_APP_NAME,
            capabilities: moveworksCapabilities(mw),
            groups: mw.groups === undefined ? [] : [...mw.groups],
          },
        ]
      : [],
});
