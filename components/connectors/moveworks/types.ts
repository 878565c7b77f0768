// Moveworks' block, `oktaplane:connectors.moveworks`, as plain TypeScript: the type the
// package's .d.ts show (zod's own need esModuleInterop). config.ts validates it, and proves its
// schema parses to exactly this.

/** `oktaplane:connectors.moveworks`, defaults applied. */
export interface MoveworksConfig {
  /** A service app Moveworks signs JWTs for, or the shared Okta API token. @default "jwt" */
  auth: "jwt" | "api-key";
  /** What Moveworks may do in Okta. @default ["read-only"] */
  capabilities: ("read-only" | "software-provisioning" | "password-mfa-help")[];
  /** Okta group ids (00g…) software-provisioning's admin roles are confined to. */
  groups?: string[];
  /** Moveworks cannot send DPoP proofs: unset or false. */
  requireDpop?: false;
}

declare module "../../../config/types" {
  interface ConnectorsConfig {
    moveworks?: MoveworksConfig;
  }
}
