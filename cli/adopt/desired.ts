// What a stack declares in Okta, read from its offline plan (the program's own registrations, so
// nothing here restates how components name or link their children): apps, their grants and role
// assignments (linked through each record's dependencies), custom roles, resource sets, hooks,
// authenticators, the API token, plus each app's declared capabilities from the config.

import type { CapabilityRef } from "../../components/capabilities";
import { sharedPiecesOf, usesApiToken } from "../../components/connectors/footprint";
import { builtInConnectors, type ConnectorRegistry } from "../../components/connectors/registry";
import { SHARED_PIECES } from "../../components/connectors/shared";
import { receiverServiceApp } from "../../components/connectors/sharedPieces";
import { connectorContext } from "../../components/connectors/sheet";
import type { StackConfig } from "../../config/schema";
import type { ResourceRecord } from "../lib/evaluate";
import type { PlanValue } from "../lib/planValue";

export const T = {
  app: "okta:app/oAuth:OAuth",
  grant: "okta:index/appOauthApiScope:AppOauthApiScope",
  role: "okta:app/oauthRoleAssignment:OauthRoleAssignment",
  customRole: "okta:index/adminRoleCustom:AdminRoleCustom",
  resourceSet: "okta:index/resourceSet:ResourceSet",
  eventHook: "okta:index/eventHook:EventHook",
  inlineHook: "okta:inline/hook:Hook",
  authenticator: "okta:index/authenticator:Authenticator",
  factor: "okta:factor/factor:Factor",
  apiToken: "okta:index/apiToken:ApiToken",
  dpop: "dynamic:okta-app-dpop",
} as const;

/**
 * Which connector preset an app belongs to (its logical name is reserved for it): the connector's
 * id, or `hook-receiver` for the receiver's app. match.ts and keys.ts know some presets' ways.
 */
export type AppPreset = string;

export interface DesiredApp {
  readonly name: string;
  readonly label: string;
  /** `service` (API Services) or `web`. */
  readonly type: string;
  readonly preset?: AppPreset;
  readonly tokenEndpointAuthMethod: string;
  readonly redirectUris: readonly string[];
  /** From the app's DPoP setting resource; undefined when the app has none (web apps). */
  readonly requireDpop?: boolean;
  /** As configured (connector apps: what the connector asks for). */
  readonly capabilities: readonly CapabilityRef[];
  /** Groups the app's group-scoped roles are confined to. */
  readonly groups: readonly string[];
}

export interface DesiredGrant {
  readonly name: string;
  readonly app: string;
  readonly scopes: readonly string[];
}

export interface DesiredRole {
  readonly name: string;
  readonly app: string;
  readonly type: string;
  /** CUSTOM only: the logical names of its custom role and resource set. */
  readonly customRole?: string;
  readonly resourceSet?: string;
}

export interface DesiredCustomRole {
  readonly name: string;
  readonly label: string;
  readonly permissions: readonly string[];
}

export interface DesiredResourceSet {
  readonly name: string;
  readonly label: string;
  /** Member paths (`/api/v1/users`, `/api/v1/groups/<id>`), sorted. */
  readonly resources: readonly string[];
}

export interface DesiredHook {
  readonly name: string;
  readonly hookName: string;
  readonly uri: string;
  /** Event hooks: subscribed event types. */
  readonly events: readonly string[];
  /** Inline hooks: e.g. com.okta.telephony.provider. */
  readonly hookType?: string;
}

export interface DesiredKeyed {
  readonly name: string;
  /** Authenticator key (okta_verify, phone_number) or factor provider id (okta_push). */
  readonly key: string;
}

export interface Desired {
  readonly stack: string;
  readonly orgUrl: string;
  readonly engine: StackConfig["okta"]["engine"];
  readonly apps: readonly DesiredApp[];
  readonly grants: readonly DesiredGrant[];
  readonly roles: readonly DesiredRole[];
  readonly customRoles: readonly DesiredCustomRole[];
  readonly resourceSets: readonly DesiredResourceSet[];
  readonly eventHooks: readonly DesiredHook[];
  readonly inlineHooks: readonly DesiredHook[];
  readonly authenticators: readonly DesiredKeyed[];
  readonly factors: readonly DesiredKeyed[];
  /** The API token import the stack already declares (connectors.servicenowSpoke.apiTokenId). */
  readonly apiToken?: { readonly name: string; readonly id: string };
  /** Whether a connector hands out `oktaplane:oktaApiToken` (and which, by id). */
  readonly tokenUsers: readonly string[];
  /** Okta resources the provider cannot import (created on the first up), by logical name. */
  readonly notImportable: readonly { readonly name: string; readonly type: string }[];
  /** `oktaplane:adopt` as the stack has it now: pins for the matcher. */
  readonly adopt: StackConfig["adopt"];
  /** The Okta provider's plan record, for the import file's provider inputs. */
  readonly provider?: ResourceRecord;
}

const text = (v: PlanValue | undefined): string => (typeof v === "string" ? v : "");
const texts = (v: PlanValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

function path(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

interface DeclaredApp {
  readonly capabilities: readonly CapabilityRef[];
  readonly groups: readonly string[];
  readonly preset?: AppPreset;
}

/** The declared capabilities (and preset) of every app the config creates, by logical name. */
export function declaredCapabilities(
  stack: string,
  config: StackConfig,
  registry: ConnectorRegistry = builtInConnectors,
): Record<string, DeclaredApp> {
  const out: Record<string, DeclaredApp> = {};
  for (const [key, app] of Object.entries(config.serviceApps))
    out[key] = { capabilities: app.capabilities, groups: app.groups ?? [] };
  const ctx = connectorContext(stack, config);
  for (const { connector, block } of registry.enabled(config)) {
    for (const app of connector.apps?.(block) ?? [])
      out[app.name] = {
        capabilities: app.capabilities,
        groups: app.groups ?? [],
        preset: connector.id,
      };
    if (sharedPiecesOf(connector.id, config, registry).includes("hookReceiver"))
      out[SHARED_PIECES.hookReceiver] = {
        capabilities: receiverServiceApp(ctx).capabilities,
        groups: [],
        preset: SHARED_PIECES.hookReceiver,
      };
  }
  return out;
}

/** The stack's Okta surface from its plan records and validated config. */
export function desiredFromPlan(
  stack: string,
  config: StackConfig,
  resources: readonly ResourceRecord[],
  registry: ConnectorRegistry = builtInConnectors,
): Desired {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const key = (r: ResourceRecord) =>
    r.type === "pulumi-nodejs:dynamic:Resource" ? `dynamic:${text(r.inputs["kind"])}` : r.type;
  // The one dependency of a given type: how a grant or role names its app, a role its set.
  const dependency = (r: ResourceRecord, type: string): string | undefined =>
    r.dependsOn.map((u) => byUrn.get(u)).find((d) => d !== undefined && key(d) === type)?.name;

  const caps = declaredCapabilities(stack, config, registry);
  const dpop = new Map<string, boolean>();
  for (const r of resources) {
    const app = key(r) === T.dpop ? dependency(r, T.app) : undefined;
    if (app !== undefined) dpop.set(app, r.inputs["requireDpop"] === true);
  }

  const d = {
    apps: [] as DesiredApp[],
    grants: [] as DesiredGrant[],
    roles: [] as DesiredRole[],
    customRoles: [] as DesiredCustomRole[],
    resourceSets: [] as DesiredResourceSet[],
    eventHooks: [] as DesiredHook[],
    inlineHooks: [] as DesiredHook[],
    authenticators: [] as DesiredKeyed[],
    factors: [] as DesiredKeyed[],
    notImportable: [] as { name: string; type: string }[],
  };
  let apiToken: Desired["apiToken"];
  let provider: ResourceRecord | undefined;
  for (const r of resources) {
    const i = r.inputs;
    const name = r.name;
    switch (key(r)) {
      case "pulumi:providers:okta":
        provider = r;
        break;
      case T.app: {
        const preset = caps[name]?.preset;
        const requireDpop = dpop.get(name);
        d.apps.push({
          name,
          label: text(i["label"]),
          type: text(i["type"]),
          ...(preset === undefined ? {} : { preset }),
          tokenEndpointAuthMethod: text(i["tokenEndpointAuthMethod"]),
          redirectUris: texts(i["redirectUris"]),
          ...(requireDpop === undefined ? {} : { requireDpop }),
          capabilities: caps[name]?.capabilities ?? [],
          groups: caps[name]?.groups ?? [],
        });
        break;
      }
      case T.grant:
        d.grants.push({ name, app: dependency(r, T.app) ?? "", scopes: texts(i["scopes"]).sort() });
        break;
      case T.role: {
        const customRole = dependency(r, T.customRole);
        const resourceSet = dependency(r, T.resourceSet);
        d.roles.push({
          name,
          app: dependency(r, T.app) ?? "",
          type: text(i["type"]),
          ...(customRole === undefined ? {} : { customRole }),
          ...(resourceSet === undefined ? {} : { resourceSet }),
        });
        break;
      }
      case T.customRole:
        d.customRoles.push({
          name,
          label: text(i["label"]),
          permissions: texts(i["permissions"]).sort(),
        });
        break;
      case T.resourceSet:
        d.resourceSets.push({
          name,
          label: text(i["label"]),
          resources: texts(i["resources"]).map(path).sort(),
        });
        break;
      case T.eventHook: {
        const channel = (i["channel"] ?? {}) as Record<string, PlanValue>;
        d.eventHooks.push({
          name,
          hookName: text(i["name"]),
          uri: text(channel["uri"]),
          events: texts(i["events"]).sort(),
        });
        break;
      }
      case T.inlineHook: {
        const channel = (i["channel"] ?? {}) as Record<string, PlanValue>;
        d.inlineHooks.push({
          name,
          hookName: text(i["name"]),
          uri: text(channel["uri"]),
          events: [],
          hookType: text(i["type"]),
        });
        break;
      }
      case T.authenticator:
        d.authenticators.push({ name, key: text(i["key"]) });
        break;
      case T.factor:
        d.factors.push({ name, key: text(i["providerId"]) });
        break;
      case T.apiToken:
        apiToken = { name, id: r.importId ?? text(i["idProperty"]) };
        break;
      default:
        if (r.custom && r.type.startsWith("okta:")) d.notImportable.push({ name, type: r.type });
    }
  }
  const tokenUsers = registry
    .enabled(config)
    .map(({ connector }) => connector.id)
    .filter((id) => usesApiToken(id, config, registry));
  return {
    stack,
    orgUrl: `https://${config.okta.orgName}.${config.okta.baseUrl}`,
    engine: config.okta.engine,
    ...d,
    ...(apiToken === undefined ? {} : { apiToken }),
    tokenUsers,
    adopt: config.adopt,
    ...(provider === undefined ? {} : { provider }),
  };
}
