// What the policies need to know about a stack, derived from its validated config the same way
// for `npm run plan` and for the CrossGuard pack: each app's scopes (from built-in capabilities
// and the stack's own, oktaplane:capabilities), broad-role opt-ins, presets.

import { scopesOf, type CapabilityCatalog } from "../components/capabilities";
import { capabilityCatalog } from "../components/customCapabilities";
import { CONNECTOR_APP_NAMES } from "../components/connectors/names";
import { ENVIRONMENTS, type StackConfig } from "../config/schema";
import type { AppPolicy, PolicyContext } from "./rules";

/**
 * Logical names of the apps that connectors create. Components name an app's component (or its
 * okta.app.OAuth) after its key, so a policy can tell which app a grant or role belongs to:
 * `serviceApps.<key>` apps use `<key>`, connector apps use these.
 */
export const CONNECTOR_APP_KEYS = CONNECTOR_APP_NAMES;

const app = (
  capabilities: readonly string[],
  options: Partial<Omit<AppPolicy, "scopes">> & { catalog?: CapabilityCatalog } = {},
): AppPolicy => ({
  scopes: scopesOf(capabilities, options.catalog),
  allowBroadRoles: options.allowBroadRoles ?? [],
  implicitGrant: options.implicitGrant ?? false,
});

/** The apps a config declares, by key, with what each may hold. */
export function appPolicies(config: StackConfig): Record<string, AppPolicy> {
  const apps: Record<string, AppPolicy> = {};
  const catalog = capabilityCatalog(config.capabilities);
  for (const [key, a] of Object.entries(config.serviceApps)) {
    apps[key] = app(a.capabilities, { allowBroadRoles: a.allowBroadRoles, catalog });
  }
  const { moveworks, servicenowSpoke } = config.connectors;
  if (moveworks)
    apps[CONNECTOR_APP_KEYS.moveworks] = app(["moveworks-scopes", ...moveworks.capabilities]);
  // ServiceNow's OAuth setup for the Okta spoke asks for authorization_code, refresh_token and
  // implicit on its web app: the one preset that requires the implicit grant.
  if (servicenowSpoke?.auth === "oauth")
    apps[CONNECTOR_APP_KEYS.servicenowSpoke] = app(["servicenow-spoke"], { implicitGrant: true });
  if (config.hookReceiver && config.hookReceiver.externalUrl === undefined)
    apps[CONNECTOR_APP_KEYS.hookReceiver] = app(["read-users"]);
  return apps;
}

/** The policy context of a stack whose config parsed. */
export function contextFromConfig(stack: string, config: StackConfig): PolicyContext {
  return { stack, environment: config.environment, apps: appPolicies(config) };
}

/**
 * The context when the config could not be read: the environment is guessed from the stack name
 * (so `prod` still demands protection) and every app check fails closed.
 */
export function contextWithoutConfig(stack: string): PolicyContext {
  const environment = (ENVIRONMENTS as readonly string[]).includes(stack) ? stack : null;
  return { stack, environment, apps: null };
}
