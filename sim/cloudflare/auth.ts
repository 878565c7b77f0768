// API tokens the Cloudflare simulator issues and accepts: `Authorization: Bearer <token>` (the
// provider's option.WithAPIToken), in the format the provider validates, bound to one account.

import { randomBytes } from "node:crypto";
import { CF, refuse, value, type Result } from "./errors";

/** internal/provider.go `api_token` validator; PROVIDERS.md. */
export const TOKEN_FORMAT = /^[0-9A-Za-z_-]{40,80}$/;

export interface IssuedToken {
  /** Token id as `/user/tokens/verify` reports it (32 hex); what the recorder shows as caller. */
  readonly id: string;
  /** SECRET. */
  readonly value: string;
  readonly accountId: string;
}

export class Tokens {
  readonly #byValue = new Map<string, IssuedToken>();

  /** A new token for `accountId`: 40 characters of base64url, as the provider accepts. */
  issue(accountId: string): IssuedToken {
    const token: IssuedToken = {
      id: randomBytes(16).toString("hex"),
      value: randomBytes(30).toString("base64url"),
      accountId,
    };
    this.#byValue.set(token.value, token);
    return token;
  }

  /**
   * The caller's token, or Cloudflare's error: no header (9106), a malformed one (6003/6111), a
   * token never issued (401 10000), or one for another account than the path's (403 10000).
   */
  authenticate(
    authorization: string | undefined,
    pathAccountId: string | undefined,
  ): Result<IssuedToken> {
    if (authorization === undefined || authorization === "") return refuse(CF.missingAuth());
    const match = /^Bearer ([^\s]+)$/.exec(authorization);
    if (match === null || !TOKEN_FORMAT.test(match[1]!)) return refuse(CF.badAuthFormat());
    const token = this.#byValue.get(match[1]!);
    if (token === undefined) return refuse(CF.unknownToken());
    if (pathAccountId !== undefined && pathAccountId !== token.accountId) {
      return refuse(CF.wrongAccount());
    }
    return value(token);
  }
}
