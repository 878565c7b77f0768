// Pure extraction of the names Okta publishes for least privilege: the OAuth 2.0 scopes of its
// Management API and the permissions a custom admin role may hold. Kept apart from
// generate-iam.ts so the drift test can run it without writing files.
import YAML from "yaml";
import type { OperationTable } from "../../spec/oktaOperations";

/** Pulumi's Okta provider schema in ../shared/reference (SOURCES.md: v6.15). */
export const PROVIDER_SCHEMA_FILE = "pulumi-okta-schema-v6.15.json";
/** Okta's OAuth 2.0 API spec in ../shared/reference (same commit as the management spec). */
export const OAUTH_SPEC_FILE = "okta-oauth-openapi-2026.06.3.yaml";

/**
 * Scopes neither spec tags an operation with any more (the factor operations now list
 * okta.users.*), but Okta still documents them as grantable ("Scopes and supported endpoints",
 * https://developer.okta.com/docs/guides/implement-oauth-for-okta/scopes/) and Moveworks' Okta
 * guide grants them (the built-in moveworks-scopes and password-mfa-help capabilities).
 */
const DOCUMENTED_IN_GUIDES = ["okta.factors.manage", "okta.factors.read"];
const CUSTOM_ROLE = "okta:index/adminRoleCustom:AdminRoleCustom";

export interface OktaIamNames {
  /** Where each list comes from, for a reader of the generated file. */
  readonly sources: { readonly scopes: string; readonly permissions: string };
  readonly specVersion: string;
  /** Every Okta API scope an app can be granted (okta.AppOauthApiScope), sorted. */
  readonly scopes: readonly string[];
  /** Every permission a custom admin role may hold, sorted. */
  readonly permissions: readonly string[];
}

const sorted = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The scopes of the operation table (spec/okta-operations.json). The management spec's own
 * `securitySchemes.oauth2` list names the same 109 scopes.
 */
export function scopesOf(table: OperationTable): string[] {
  return sorted(table.operations.flatMap((op) => op.scopes));
}

/**
 * The Okta API scopes of the OAuth 2.0 spec's `securitySchemes.oauth2` (okta.clients.* for
 * /oauth2/v1/clients, okta.universalLogout.manage, …); OpenID Connect scopes such as `openid`
 * or `profile` are not Okta API scopes and cannot be granted to an app.
 */
export function oauthApiScopesOf(oauthYaml: string): string[] {
  const doc = YAML.parse(oauthYaml, { maxAliasCount: -1 }) as {
    components: {
      securitySchemes: { oauth2?: { flows: Record<string, { scopes?: Record<string, string> }> } };
    };
  };
  const flows = Object.values(doc.components.securitySchemes.oauth2?.flows ?? {});
  return sorted(flows.flatMap((f) => Object.keys(f.scopes ?? {}))).filter((s) =>
    s.startsWith("okta."),
  );
}

/**
 * Custom-role permissions. The management spec (the "minimal" edition in ../shared) has no
 * permission enum, so the list is the union of the provider schema's documented valid values of
 * `okta.AdminRoleCustom.permissions` and every permission the spec itself names (operations'
 * `x-okta-iam-permissions`, the role-creation examples). Governance permissions are left out:
 * "Governance permissions are currently only supported as part of the IAM-based standard roles.
 * You can't use these to create or update custom roles."
 * (https://developer.okta.com/docs/api/openapi/okta-management/guides/permissions)
 */
export function permissionsOf(managementYaml: string, providerSchemaJson: string): string[] {
  const schema = JSON.parse(providerSchemaJson) as {
    resources: Record<string, { inputProperties: Record<string, { description?: string }> }>;
  };
  const description = schema.resources[CUSTOM_ROLE]?.inputProperties["permissions"]?.description;
  if (description === undefined)
    throw new TypeError(`${PROVIDER_SCHEMA_FILE}: ${CUSTOM_ROLE} has no permissions description`);
  // The description lists quoted names, with the provider's own stray punctuation between them.
  const fromProvider = [...description.matchAll(/"(okta\.[A-Za-z.]+)"/g)].map((m) => m[1]!);

  const doc = YAML.parse(managementYaml, { maxAliasCount: -1 }) as {
    paths: Record<string, Record<string, { "x-okta-iam-permissions"?: string[] } | undefined>>;
    components: { examples: Record<string, { value?: { permissions?: unknown } }> };
  };
  const fromOperations = Object.values(doc.paths).flatMap((item) =>
    Object.values(item).flatMap((op) =>
      op !== null && typeof op === "object" ? (op["x-okta-iam-permissions"] ?? []) : [],
    ),
  );
  const fromExamples = Object.values(doc.components.examples).flatMap((ex) => {
    const list = ex.value?.permissions;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
  });
  return sorted([...fromProvider, ...fromOperations, ...fromExamples]).filter(
    (p) => !p.startsWith("okta.governance."),
  );
}

export function iamNames(
  table: OperationTable,
  managementYaml: string,
  oauthYaml: string,
  providerSchemaJson: string,
): OktaIamNames {
  return {
    sources: {
      scopes: `spec/okta-operations.json (every Management API operation's oauth2 scopes) + the okta.* scopes of ${OAUTH_SPEC_FILE} + ${DOCUMENTED_IN_GUIDES.join(", ")} (Okta's scopes guide)`,
      permissions: `${PROVIDER_SCHEMA_FILE} (okta.AdminRoleCustom permissions, valid values) + the Management spec's x-okta-iam-permissions and role examples, without okta.governance.*`,
    },
    specVersion: table.specVersion,
    scopes: sorted([...scopesOf(table), ...oauthApiScopesOf(oauthYaml), ...DOCUMENTED_IN_GUIDES]),
    permissions: permissionsOf(managementYaml, providerSchemaJson),
  };
}
