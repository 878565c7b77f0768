// Access tokens the simulated org authorization server has issued: opaque values mapped to the
// client, the scopes granted, the DPoP key they are bound to, and their expiry (1 h, as Okta's
// org AS: developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/).
import { randomBytes } from "node:crypto";
import type { SimClock } from "../shared/clock";

export const TOKEN_LIFETIME_S = 3600;

export interface AccessToken {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** JWK thumbprint of the DPoP key the token is bound to (`cnf.jkt`), when DPoP-bound. */
  readonly jkt?: string;
  /** Simulated ms since epoch. */
  readonly expiresAt: number;
  /** Admin roles the holder acts with instead of its client's assignments (issueToken). */
  readonly roles?: readonly string[];
}

export class AccessTokens {
  readonly #tokens = new Map<string, AccessToken>();

  constructor(private readonly clock: SimClock) {}

  issue(token: Omit<AccessToken, "expiresAt">): { value: string; token: AccessToken } {
    // Okta's org AS tokens are JWTs, but clients must treat them as opaque; so does the simulator.
    const value = randomBytes(32).toString("base64url");
    const stored = { ...token, expiresAt: this.clock.now() + TOKEN_LIFETIME_S * 1000 };
    this.#tokens.set(value, stored);
    return { value, token: stored };
  }

  /** The live token for `value`, or undefined when unknown or expired. */
  lookup(value: string): AccessToken | undefined {
    const token = this.#tokens.get(value);
    if (token === undefined) return undefined;
    if (token.expiresAt <= this.clock.now()) {
      this.#tokens.delete(value);
      return undefined;
    }
    return token;
  }

  /** The live token values of a client. SECRET: for tests that check none leaks. */
  valuesOf(clientId: string): string[] {
    const now = this.clock.now();
    return [...this.#tokens]
      .filter(([, t]) => t.clientId === clientId && t.expiresAt > now)
      .map(([value]) => value);
  }

  /** Revokes every token of a client (its app was deleted or deactivated). */
  revokeClient(clientId: string): void {
    for (const [value, token] of this.#tokens) {
      if (token.clientId === clientId) this.#tokens.delete(value);
    }
  }
}
