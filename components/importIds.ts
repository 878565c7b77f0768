// How each Okta provider resource this stack declares is imported: the id `pulumi import` (and the
// `import` resource option) takes, read from the provider's own importers. One table for the
// program (which resources may carry `import`) and for `npm run adopt` (which id to write).

/** What an import id is built from; absent for a resource the provider cannot import. */
export type ImportIdPart =
  | "appId"
  | "clientId/roleAssignmentId"
  | "customRoleId"
  | "resourceSetId"
  | "eventHookId"
  | "inlineHookId"
  | "authenticatorId"
  | "factorProviderId"
  | "apiTokenId";

export interface ImportIdFormat {
  /** The id's shape; `undefined`: not importable (the stack creates it). */
  readonly format: ImportIdPart | undefined;
  /** Where the format comes from (provider source, terraform-provider-okta v6.12.0). */
  readonly source: string;
  /** What importing it does beyond reading, when that matters. */
  readonly note?: string;
}

const SRC = "terraform-provider-okta okta/services/idaas/";

/** By Pulumi type token (the `## Import` sections of node_modules/@pulumi/okta agree). */
export const IMPORT_IDS: Readonly<Record<string, ImportIdFormat>> = {
  "okta:app/oAuth:OAuth": {
    format: "appId",
    source: `${SRC}app.go appImporter ('app_id'; OIDC apps: app id = client id)`,
  },
  "okta:index/appOauthApiScope:AppOauthApiScope": {
    format: "appId",
    source: `${SRC}resource_okta_app_oauth_api_scope.go Importer (ListScopeConsentGrants(d.Id()))`,
    note: 'the importer fails with "no application scope found" when the app has no grant',
  },
  "okta:app/oauthRoleAssignment:OauthRoleAssignment": {
    format: "clientId/roleAssignmentId",
    source: `${SRC}resource_okta_app_oauth_role_assignment.go ImportState ('<client_id>/<role_id>')`,
  },
  "okta:index/adminRoleCustom:AdminRoleCustom": {
    format: "customRoleId",
    source: `${SRC}resource_okta_admin_role_custom.go (ImportStatePassthroughContext)`,
    note: "label is ForceNew: a different label replaces the role",
  },
  "okta:index/resourceSet:ResourceSet": {
    format: "resourceSetId",
    source: `${SRC}resource_okta_resource_set.go (ImportStatePassthroughContext)`,
  },
  "okta:index/eventHook:EventHook": {
    format: "eventHookId",
    source: `${SRC}resource_okta_event_hook.go (ImportStatePassthroughContext)`,
  },
  "okta:index/eventHookVerification:EventHookVerification": {
    format: undefined,
    source: `${SRC}resource_okta_event_hook_verification.go (Importer: nil)`,
    note: "created on the first up: Okta verifies the hook's URL again",
  },
  "okta:inline/hook:Hook": {
    format: "inlineHookId",
    source: `${SRC}resource_okta_inline_hook.go (ImportStatePassthroughContext)`,
  },
  "okta:index/authenticator:Authenticator": {
    format: "authenticatorId",
    source: `${SRC}resource_okta_authenticator.go (ImportStatePassthroughContext)`,
  },
  "okta:factor/factor:Factor": {
    format: "factorProviderId",
    source: `${SRC}resource_okta_factor.go (the id is provider_id, e.g. okta_push)`,
  },
  "okta:index/apiToken:ApiToken": {
    format: "apiTokenId",
    source: `${SRC}resource_okta_api_token.go ImportState (ImportStatePassthroughID)`,
  },
};

/** Whether a resource of this type can carry the `import` option. */
export function isImportable(type: string): boolean {
  return IMPORT_IDS[type]?.format !== undefined;
}
