// The ServiceNow Okta spoke's block, `oktaplane:connectors.servicenowSpoke`, as plain TypeScript:
// the type the package's .d.ts show (zod's own need esModuleInterop). config.ts validates it,
// and proves its schema parses to exactly this.

/** `oktaplane:connectors.servicenowSpoke`. */
export interface SpokeConfig {
  /** The instance name only, e.g. `acme` for https://acme.service-now.com. */
  instance: string;
  /** The OAuth web app, or the shared Okta API token. */
  auth: "oauth" | "api-key";
  /** With api-key: the token's id (00T…), imported so it can be confined to a zone. */
  apiTokenId?: string;
  /** With api-key and apiTokenId: the network zone (nzo…) the token is restricted to. */
  networkZoneId?: string;
}

declare module "../../../config/types" {
  interface ConnectorsConfig {
    servicenowSpoke?: SpokeConfig;
  }
}
