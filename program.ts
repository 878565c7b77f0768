// The oktaplane program: validate the stack's config, then declare each concept's component.
// index.ts runs it under the Pulumi engine; `npm run plan` runs it under the mock runtime.

import * as okta from "@pulumi/okta";
import { AdminRoles } from "./components/adminRoles";
import { Adoption } from "./components/adoption";
import { declareConnectors } from "./components/connectors";
import { builtInConnectors, type ConnectorRegistry } from "./components/connectors/registry";
import { serviceAppFactory, twilioFactories } from "./components/connectors/wiring";
import type { ServiceAppStackOutput } from "./components/serviceApp";
import { protectByDefault, resolveRateLimits } from "./config/defaults";
import { loadStackConfig, type MissingSecretMode } from "./config/load";

export interface ProgramOptions {
  /** `fail` under the engine; `placeholder` for the offline plan, which reports the gap. */
  readonly missingSecrets: MissingSecretMode;
  /** The connectors the config may enable. @default the built-in ones */
  readonly connectors?: ConnectorRegistry;
}

export async function main(
  options: ProgramOptions = { missingSecrets: "fail" },
): Promise<Record<string, unknown>> {
  // Everything is validated before the first resource is registered.
  const registry = options.connectors ?? builtInConnectors;
  const { config, stack, secrets } = loadStackConfig(options.missingSecrets, registry);
  const orgUrl = `https://${config.okta.orgName}.${config.okta.baseUrl}`;
  const rateLimits = resolveRateLimits(config.environment, config.okta.rateLimit);

  // An explicit provider so throttling comes from stack config; credentials still come from the
  // provider's own environment variables (OKTA_API_TOKEN, or OKTA_API_CLIENT_ID +
  // OKTA_API_PRIVATE_KEY + OKTA_API_PRIVATE_KEY_ID + OKTA_API_SCOPES), never from this repo.
  const provider = new okta.Provider("okta", {
    orgName: config.okta.orgName,
    baseUrl: config.okta.baseUrl,
    backoff: true,
    ...rateLimits,
  });
  // Every Okta resource below inherits this provider from its component, and the adoption's
  // `import` options (oktaplane:adopt, written by npm run adopt) from the same options.
  const providers = { okta: provider };
  const adoption = new Adoption(stack, config.adopt);
  const opts = adoption.active
    ? { providers, transformations: [adoption.transformation] }
    : { providers };

  // Custom roles and resource sets, one per distinct spec, shared by the apps that bind them.
  const adminRoles = new AdminRoles(
    "admin-roles",
    { orgUrl, labelPrefix: `oktaplane ${stack}` },
    opts,
  );

  // One ServiceApp per config key; the key names every child, so reordering replaces nothing.
  // Connector apps are built by the same factory and join the same `serviceApps` output.
  const serviceApps: Record<string, ServiceAppStackOutput> = {};
  const serviceApp = serviceAppFactory({
    orgUrl,
    customCapabilities: config.capabilities,
    adminRoles,
    throttle: rateLimits,
    protect: protectByDefault(config.environment),
    exported: serviceApps,
    publishedKeys: (name) => adoption.publishedKeysFor(name),
  });
  for (const [key, app] of Object.entries(config.serviceApps)) {
    serviceApp(key, app, opts);
    await letRegistrationsStream();
  }

  // Connector presets: their apps join `serviceApps` (so `verify` checks them too); shared pieces
  // (one receiver, one telephony hook, one API-token import) are created once.
  const connectors = declareConnectors(
    { stack, config, secrets },
    {
      serviceApp,
      ...(config.hookReceiver === undefined
        ? {}
        : { twilio: twilioFactories(config.hookReceiver) }),
    },
    opts,
    registry,
  );
  // Every resource is declared: an adopt key that matched none is a stale or mistyped name.
  adoption.check();

  return {
    orgUrl,
    environment: config.environment,
    serviceApps,
    connectors: connectors.bundles,
  };
}

/**
 * Yields to the event loop once, so the resources just declared are serialized and sent to the
 * engine before the next batch is built. Without it, a stack of 1,000 apps holds every pending
 * registration in memory at once (peak 958 MB → 310 MB in bench/plan.ts). It waits for no
 * engine response, so deployments stay fully parallel.
 */
function letRegistrationsStream(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
