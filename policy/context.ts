// What the policies need to know about a stack, derived from its validated config the same way
// for `npm run plan` and for the CrossGuard pack: each app's scopes (from built-in capabilities
// and the stack's own, oktaplane:capabilities), broad-role opt-ins, presets. Components name an
// app's component (or its okta.app.OAuth) after its key, so a policy can tell which app a grant
// or role belongs to: `serviceApps.<key>` apps use `<key>`, connector apps the names their
// connectors give (Connector.apps), the hook receiver's app its piece's name.

import { scopesOf, type CapabilityCatalog } from "../components/capabilities";
import { capabilityCatalog } from "../components/customCapabilities";
import { builtInConnectors, type ConnectorRegistry } from "../components/connectors/registry";
import { SHARED_PIECES } from "../components/connectors/shared";
import { ENVIRONMENTS, type StackConfig } from "../config/schema";
import type { AppPolicy, PolicyContext } from "./rules";

const app = (
  capabilities: readonly string[],
  options: Partial<Omit<AppPolicy, "scopes">> & { catalog?: CapabilityCatalog } = {},
): AppPolicy => ({
  scopes: scopesOf(capabilities, options.catalog),
  allowBroadRoles: options.allowBroadRoles ?? [],
  implicitGrant: options.implicitGrant ?? false,
});

/** The apps a config declares, by key, with what each may hold. */
export function appPolicies(
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): Record<string, AppPolicy> {
  const apps: Record<string, AppPolicy> = {};
  const catalog = capabilityCatalog(config.capabilities);
  for (const [key, a] of Object.entries(config.serviceApps)) {
    apps[key] = app(a.capabilities, { allowBroadRoles: a.allowBroadRoles, catalog });
  }
  // Connector apps take only built-in capabilities, and cannot opt into broad roles.
  for (const { connector, block } of registry.enabled(config)) {
    for (const a of connector.apps?.(block) ?? [])
      apps[a.name] = app(a.capabilities, { implicitGrant: a.implicitGrant ?? false });
  }
  // The receiver's app exists whenever a Worker is deployed for the stack's hooks.
  if (config.hookReceiver && config.hookReceiver.externalUrl === undefined)
    apps[SHARED_PIECES.hookReceiver] = app(["read-users"]);
  return apps;
}

/** The policy context of a stack whose config parsed. */
export function contextFromConfig(
  stack: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): PolicyContext {
  return { stack, environment: config.environment, apps: appPolicies(config, registry) };
}

/**
 * The context when the config could not be read: the environment is guessed from the stack name
 * (so `prod` still demands protection) and every app check fails closed.
 */
export function contextWithoutConfig(stack: string): PolicyContext {
  const environment = (ENVIRONMENTS as readonly string[]).includes(stack) ? stack : null;
  return { stack, environment, apps: null };
}
