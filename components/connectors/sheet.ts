// Small pure helpers the connector sheets share: one field, the `SSWS <token>` form vendors ask
// for, Okta's org authorization server endpoints, and the plain context every sheet reads.

import type { Environment, StackConfig } from "../../config/types";
import type { BundleField } from "../outputs";

/** What every sheet may read about the stack, all known before deployment. */
export interface ConnectorContext {
  readonly stack: string;
  readonly environment: Environment;
  /** `https://<org>.<baseUrl>`, no trailing slash. */
  readonly orgUrl: string;
  readonly orgName: string;
  readonly engine: StackConfig["okta"]["engine"];
}

export function connectorContext(stack: string, config: StackConfig): ConnectorContext {
  const { orgName, baseUrl, engine } = config.okta;
  return {
    stack,
    environment: config.environment,
    orgUrl: `https://${orgName}.${baseUrl}`,
    orgName,
    engine,
  };
}

export function field(
  name: string,
  value: string,
  options: { readonly secret?: boolean; readonly form?: string } = {},
): BundleField {
  return {
    ...(options.form === undefined ? {} : { form: options.form }),
    name,
    value,
    secret: options.secret ?? false,
  };
}

/** The fields of one form, in order. */
export function form(
  name: string,
  fields: readonly (readonly [string, string] | readonly [string, string, "secret"])[],
): BundleField[] {
  return fields.map(([n, v, s]) => field(n, v, { form: name, secret: s === "secret" }));
}

/**
 * An Okta API token in the `SSWS <token>` form of the Authorization header, as ServiceNow asks for
 * it. A value already carrying the prefix is not prefixed twice.
 */
export function sswsApiKey(token: string): string {
  const bare = token.trim().replace(/^SSWS\s+/i, "");
  return `SSWS ${bare}`;
}

/** The org authorization server's endpoints (the one that issues tokens for Okta's own APIs). */
export function orgAuthorizationServer(orgUrl: string, apiVersion = "v1") {
  const base = `${orgUrl}/oauth2/${apiVersion}`;
  return {
    apiVersion,
    authorize: `${base}/authorize`,
    token: `${base}/token`,
    revoke: `${base}/revoke`,
  };
}
