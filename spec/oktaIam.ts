// Okta's published least-privilege names, generated into spec/okta-iam.json from Okta's spec and
// the provider schema (scripts/okta-spec/generate-iam.ts): what custom capabilities may name.
import names from "./okta-iam.json";

/** Every Okta API scope an app can be granted (okta.AppOauthApiScope), sorted. */
export const OKTA_SCOPES: readonly string[] = names.scopes;

/** Every permission a custom admin role (okta.AdminRoleCustom) may hold, sorted. */
export const OKTA_PERMISSIONS: readonly string[] = names.permissions;

/** The Okta Management API spec version the lists were generated from. */
export const OKTA_IAM_SPEC_VERSION: string = names.specVersion;
