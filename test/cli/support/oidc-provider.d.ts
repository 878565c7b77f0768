// The slice of oidc-provider 9's API that the token-endpoint tests use; the package ships no types.

declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface OidcError extends Error {
    readonly error: string;
    readonly error_description?: string;
    readonly error_detail?: string;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: "grant.error", listener: (ctx: unknown, error: OidcError) => void): this;
    on(event: "server_error", listener: (ctx: unknown, error: Error) => void): this;
  }
}
