// The org authorization server's token endpoint, POST /oauth2/v1/token (Okta OAuth spec operation
// `token`): client_credentials with a private_key_jwt client assertion checked against the app's
// JWKS, DPoP with Okta's nonce round trip, tokens carrying exactly the requested, granted scopes.
// Errors are the catalog's (fixtures/okta-oauth-error-catalog-token-subset.json), as Okta answers.
import type { JWK } from "jose" with { "resolution-mode": "import" };
import { oauthError, type OktaError } from "./errors";
import { TOKEN_LIFETIME_S } from "./accessTokens";
import { dig, type Org, type Reply } from "./org";
import { clientIdOf, type OktaObject } from "./state";

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ASSERTION_ALGS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
/** "exp no more than 1 h in the future" (DEV build-self-signed-jwt). */
const MAX_ASSERTION_LIFETIME_S = 3600;
const SKEW_S = 60;

export interface TokenRequest {
  readonly form: URLSearchParams;
  readonly authorization?: string;
  readonly dpop?: string;
  /** The URL the client called, without query: what `aud` and `htu` must name. */
  readonly endpoints: readonly string[];
}

export interface TokenOutcome {
  readonly reply: Reply | OktaError;
  /** The client that asked (for the recorder), when the request named one. */
  readonly clientId?: string;
}

export class TokenEndpoint {
  /** jti → simulated expiry (s): "jti optional, but single-use if present". */
  readonly #usedJti = new Map<string, number>();

  constructor(private readonly org: Org) {}

  async handle(request: TokenRequest): Promise<TokenOutcome> {
    const { form } = request;
    const assertion = form.get("client_assertion");
    const hasSecret = form.has("client_secret") || /^basic /i.test(request.authorization ?? "");
    if (assertion !== null && hasSecret) {
      return { reply: oauthError("multiple_client_credentials") };
    }
    if (form.get("grant_type") === null)
      return { reply: oauthError("token_request_missing_grant_type") };
    if (assertion === null) {
      // A secret would be client_secret_basic/post: the org AS takes only private_key_jwt.
      return {
        reply: oauthError(
          hasSecret ? "unsupported_auth_method_client_creds" : "missing_client_credentials",
        ),
      };
    }
    if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      return { reply: oauthError("client_assertion_type_invalid") };
    }
    const auth = await this.#authenticate(assertion, form.get("client_id"), request.endpoints);
    if ("reply" in auth) return auth;
    const { app, clientId } = auth;
    const client = (dig(app, "settings", "oauthClient") ?? {}) as Record<string, unknown>;
    const grantType = form.get("grant_type")!;
    const grantTypes = Array.isArray(client.grant_types) ? (client.grant_types as string[]) : [];
    if (grantType !== "client_credentials") {
      return { reply: oauthError("unsupported_grant_type"), clientId };
    }
    if (client.application_type !== "service") {
      return { reply: oauthError("invalid_application_type_client_credentials"), clientId };
    }
    if (!grantTypes.includes("client_credentials")) {
      return { reply: oauthError("unauthorized_client"), clientId };
    }

    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (scopes.length === 0) return { reply: oauthError("missing_scopes"), clientId };
    if (scopes.includes("openid"))
      return { reply: oauthError("openid_not_allowed_client_creds"), clientId };
    const granted = this.#grantedScopes(app.id);
    if (!scopes.every((s) => granted.has(s)))
      return { reply: oauthError("invalid_scope"), clientId };

    // DPoP only when the app requires it; a proof sent to an app that does not is ignored
    // (inferred: Okta's Node SDK always sends one and switches to DPoP only after use_dpop_nonce).
    let jkt: string | undefined;
    if (client.dpop_bound_access_tokens === true) {
      const endpoint = request.endpoints[0]!;
      const proof = await this.org.dpop.verify(request.dpop, { method: "POST", url: endpoint });
      const nonceHeader = { "dpop-nonce": this.org.dpop.currentNonce() };
      if (!proof.ok) {
        // Okta's guide: the first call without a proof nonce gets use_dpop_nonce; a missing or
        // broken proof gets invalid_dpop_proof.
        return { reply: oauthError(proof.code), clientId };
      }
      if (!this.org.dpop.nonceValid(proof.nonce)) {
        return { reply: oauthError("use_dpop_nonce", nonceHeader), clientId };
      }
      jkt = proof.jkt;
    }
    const { value } = this.org.tokens.issue({ clientId, scopes, ...(jkt ? { jkt } : {}) });
    return {
      clientId,
      reply: {
        status: 200,
        headers: { "cache-control": "no-store", pragma: "no-cache" },
        body: {
          token_type: jkt ? "DPoP" : "Bearer",
          expires_in: TOKEN_LIFETIME_S,
          access_token: value,
          scope: scopes.join(" "),
        },
      },
    };
  }

  /** The scopes granted to the app for the org authorization server (issuer = the org URL). */
  #grantedScopes(appId: string): Set<string> {
    const out = new Set<string>();
    for (const grant of this.org.state.grants.peek(appId)?.values() ?? []) {
      if (grant.status !== "REVOKED" && this.org.orgUrls.includes(String(grant.issuer))) {
        out.add(String(grant.scopeId));
      }
    }
    return out;
  }

  async #authenticate(
    assertion: string,
    clientIdParam: string | null,
    endpoints: readonly string[],
  ): Promise<{ app: OktaObject; clientId: string } | TokenOutcome> {
    const { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } = await import("jose");
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(assertion);
      claims = decodeJwt(assertion);
    } catch {
      return { reply: oauthError("client_assertion_invalid_jwt") };
    }
    const clientId = typeof claims.iss === "string" ? claims.iss : undefined;
    if (clientId === undefined) return { reply: oauthError("client_assertion_invalid_issuer") };
    if (clientIdParam !== null && clientIdParam !== clientId) {
      return { reply: oauthError("invalid_client_id") };
    }
    const app = this.org.state.appByClientId(clientId);
    if (app === undefined)
      return { reply: oauthError("client_assertion_invalid_issuer"), clientId };
    if (claims.sub !== clientId)
      return { reply: oauthError("client_assertion_invalid_subject"), clientId };
    // An inactive app cannot authenticate (Apps API: deactivation "stops all sign-ons").
    if (app.status !== "ACTIVE") return { reply: oauthError("invalid_client"), clientId };
    if (
      dig(app, "credentials", "oauthClient", "token_endpoint_auth_method") !== "private_key_jwt"
    ) {
      return { reply: oauthError("unsupported_auth_method_client_creds"), clientId };
    }
    if (typeof header.alg !== "string" || !ASSERTION_ALGS.includes(header.alg)) {
      return { reply: oauthError("client_assertion_invalid_signature_algorithm"), clientId };
    }
    const keys = dig(app, "settings", "oauthClient", "jwks", "keys");
    if (!Array.isArray(keys) || keys.length === 0) {
      return { reply: oauthError("client_assertion_jwks_not_configured"), clientId };
    }
    const active = (keys as Array<JWK & { status?: string }>).filter(
      (k) => k.status === undefined || k.status === "ACTIVE",
    );
    const jwk =
      header.kid === undefined
        ? active.length === 1
          ? active[0]
          : undefined
        : active.find((k) => k.kid === header.kid);
    if (jwk === undefined) return { reply: oauthError("client_assertion_invalid_kid"), clientId };
    let payload: Record<string, unknown>;
    try {
      // Claims are checked below against the simulated clock, so jose's own clock is relaxed.
      const { status: _status, ...publicJwk } = jwk;
      const key = await importJWK(publicJwk, header.alg);
      payload = (await jwtVerify(assertion, key, { clockTolerance: 1e9 })).payload;
    } catch {
      return { reply: oauthError("client_assertion_invalid_signature"), clientId };
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.some((a) => typeof a === "string" && endpoints.includes(a))) {
      return { reply: oauthError("client_assertion_invalid_audience"), clientId };
    }
    const now = Math.floor(this.org.clock.now() / 1000);
    if (typeof payload.exp !== "number") {
      return { reply: oauthError("client_assertion_expiration_required"), clientId };
    }
    if (payload.exp <= now)
      return { reply: oauthError("client_assertion_expired_token"), clientId };
    if (payload.exp > now + MAX_ASSERTION_LIFETIME_S + SKEW_S) {
      return { reply: oauthError("client_assertion_expires_too_far_in_future"), clientId };
    }
    if (typeof payload.iat === "number" && payload.iat > now + SKEW_S) {
      return { reply: oauthError("client_assertion_issued_at_in_future"), clientId };
    }
    if (typeof payload.jti === "string") {
      for (const [jti, until] of this.#usedJti) if (until < now) this.#usedJti.delete(jti);
      const key = `${clientId} ${payload.jti}`;
      if (this.#usedJti.has(key))
        return { reply: oauthError("client_assertion_already_used"), clientId };
      this.#usedJti.set(key, payload.exp);
    }
    if (clientIdOf(app) !== clientId) return { reply: oauthError("invalid_client"), clientId };
    return { app, clientId };
  }
}
