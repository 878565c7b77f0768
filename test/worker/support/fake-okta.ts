// Okta stand-in for the receiver's service app: a token endpoint that verifies the private_key_jwt
// client assertion and DPoP proofs (nonce dance included), and the Users/Factors API reads,
// which accept only tokens it issued (DPoP-bound ones only with a matching proof).
// What it does not prove: that real Okta accepts these JWTs; it checks the documented claims.

import type { CryptoKey, JWK } from "jose" with { "resolution-mode": "import" };
import { fixture } from "./fixtures";
import { FakeServer, type Recorded, type Reply } from "./fake-server";

export interface FakeOktaOptions {
  readonly clientId: string;
  readonly kid: string;
  readonly publicKey: CryptoKey;
  /** Require DPoP on the token endpoint, as new API Services apps do. */
  readonly dpop: boolean;
}

interface Issued {
  readonly jkt: string | undefined;
  revoked: boolean;
}

const NONCE = "8NLZUUhVawx1ns8AjrC4F6j8D2phvaw7";

export class FakeOkta {
  readonly server: FakeServer;
  /** Every token, assertion and proof handed out or received: none may appear in a log. */
  readonly issuedTokens = new Map<string, Issued>();
  readonly assertions: string[] = [];
  readonly proofs: string[] = [];
  /** Why the fake refused something it should not have had to: tests assert this stays empty. */
  readonly violations: string[] = [];
  /** Per-user overrides: a user object, or null for 404. Unknown ids get the sample user. */
  readonly users = new Map<string, Record<string, unknown> | null>();
  readonly factors = new Map<string, unknown[]>();
  /**
   * Benchmarks: an unknown id ending in six digits gets the sample user with a mobile phone of
   * its own, +1 201 5 and those digits, so a batch of such users needs one approval each.
   */
  phonesFromIds = false;
  private readonly seenJti = new Set<string>();
  url = "";

  constructor(private readonly options: FakeOktaOptions) {
    this.server = new FakeServer((request) => {
      const path = request.path.split("?")[0]!;
      const factors = /^\/api\/v1\/users\/([^/]+)\/factors$/.exec(path);
      const user = /^\/api\/v1\/users\/([^/]+)$/.exec(path);
      if (path === "/oauth2/v1/token" && request.method === "POST") {
        return { key: "token", reply: () => this.token(request) };
      }
      if (factors && request.method === "GET") {
        return {
          key: "factors",
          reply: () => this.api(request, () => this.factorsOf(factors[1]!)),
        };
      }
      if (user && request.method === "GET") {
        return { key: "user", reply: () => this.api(request, () => this.userOf(user[1]!)) };
      }
      return {
        key: "unknown",
        reply: () => ({ status: 404, body: fixture("okta-api-error-E0000007-not-found.json") }),
      };
    });
  }

  async start(): Promise<string> {
    this.url = await this.server.start();
    return this.url;
  }

  get tokenUrl(): string {
    return `${this.url}/oauth2/v1/token`;
  }

  /** Token endpoint calls that issued a token (the nonce round trip does not count). */
  tokensIssued(): number {
    return this.issuedTokens.size;
  }

  revokeAll(): void {
    for (const token of this.issuedTokens.values()) token.revoked = true;
  }

  private async token(request: Recorded): Promise<Reply> {
    const jose = await import("jose");
    const form = new URLSearchParams(request.body);
    const assertion = form.get("client_assertion") ?? "";
    this.assertions.push(assertion);
    const problem = await this.checkAssertion(form, assertion);
    if (problem) {
      this.violations.push(`client assertion: ${problem}`);
      return { status: 401, body: fixture("okta-token-error-invalid-client.json") };
    }
    let jkt: string | undefined;
    if (this.options.dpop) {
      const proof = String(request.headers.dpop ?? "");
      const checked = await this.checkProof(proof, "POST", this.tokenUrl, undefined);
      if (typeof checked === "string") {
        this.violations.push(`token DPoP proof: ${checked}`);
        return { status: 400, body: fixture("okta-token-error-invalid-dpop-proof.json") };
      }
      if (checked.nonce !== NONCE) {
        return {
          status: 400,
          headers: { "dpop-nonce": NONCE },
          body: fixture("okta-token-error-use-dpop-nonce.json"),
        };
      }
      jkt = await jose.calculateJwkThumbprint(checked.jwk);
    }
    const value = `okta-at-${crypto.randomUUID()}`;
    this.issuedTokens.set(value, { jkt, revoked: false });
    const body = fixture("okta-token-success-response.json");
    return {
      status: 200,
      body: { ...body, access_token: value, token_type: jkt ? "DPoP" : "Bearer" },
    };
  }

  private async checkAssertion(
    form: URLSearchParams,
    assertion: string,
  ): Promise<string | undefined> {
    const jose = await import("jose");
    const { clientId, kid, publicKey } = this.options;
    if (form.get("grant_type") !== "client_credentials") return "grant_type";
    if (form.get("scope") !== "okta.users.read") return `scope ${form.get("scope")}`;
    if (
      form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    ) {
      return "client_assertion_type";
    }
    try {
      const { payload, protectedHeader } = await jose.jwtVerify(assertion, publicKey, {
        issuer: clientId,
        subject: clientId,
        audience: this.tokenUrl,
        requiredClaims: ["exp", "iat", "jti"],
      });
      if (protectedHeader.kid !== kid) return `kid ${protectedHeader.kid}`;
      if (payload.exp! - payload.iat! > 300) return "exp more than 5 minutes after iat";
      if (this.seenJti.has(payload.jti!)) return "jti replayed";
      this.seenJti.add(payload.jti!);
      return undefined;
    } catch (error) {
      return String(error);
    }
  }

  /** Verifies a DPoP proof; returns its key and nonce, or what is wrong with it. */
  private async checkProof(
    proof: string,
    method: string,
    url: string,
    accessToken: string | undefined,
  ): Promise<{ jwk: JWK; nonce: unknown } | string> {
    const jose = await import("jose");
    if (!proof) return "missing DPoP header";
    this.proofs.push(proof);
    try {
      const header = jose.decodeProtectedHeader(proof);
      if (header.typ !== "dpop+jwt") return `typ ${header.typ}`;
      if (!header.jwk || "d" in header.jwk) return "jwk missing or private";
      const key = await jose.importJWK(header.jwk, header.alg);
      const { payload } = await jose.jwtVerify(proof, key, { typ: "dpop+jwt", maxTokenAge: "5m" });
      if (payload.htm !== method) return `htm ${String(payload.htm)}`;
      if (payload.htu !== url) return `htu ${String(payload.htu)}`;
      if (typeof payload.jti !== "string") return "jti";
      if (accessToken !== undefined) {
        const digest = new Uint8Array(
          await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken)),
        );
        if (payload.ath !== jose.base64url.encode(digest)) return "ath";
      }
      return { jwk: header.jwk, nonce: payload.nonce };
    } catch (error) {
      return String(error);
    }
  }

  /** Management API: the token must be one we issued, unrevoked, with a bound proof if DPoP. */
  private async api(request: Recorded, answer: () => Reply): Promise<Reply> {
    const denied: Reply = {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="IdpMyAccountAPI", error="invalid_token"' },
      body: fixture("okta-api-error-E0000011-invalid-token.json"),
    };
    const [scheme, value = ""] = String(request.headers.authorization ?? "").split(" ");
    const issued = this.issuedTokens.get(value);
    if (!issued || issued.revoked) return denied;
    if (issued.jkt) {
      if (scheme !== "DPoP") {
        this.violations.push(`DPoP-bound token sent as ${scheme}`);
        return denied;
      }
      const url = `${this.url}${request.path.split("?")[0]}`;
      const checked = await this.checkProof(String(request.headers.dpop ?? ""), "GET", url, value);
      if (typeof checked === "string") {
        this.violations.push(`resource DPoP proof: ${checked}`);
        return denied;
      }
      const jose = await import("jose");
      if ((await jose.calculateJwkThumbprint(checked.jwk)) !== issued.jkt) {
        this.violations.push("proof key is not the token's key");
        return denied;
      }
    } else if (scheme !== "Bearer") {
      this.violations.push(`Bearer token sent as ${scheme}`);
      return denied;
    }
    return answer();
  }

  private userOf(id: string): Reply {
    const override = this.users.get(id);
    if (override === null)
      return { status: 404, body: fixture("okta-api-error-E0000007-not-found.json") };
    const sample = fixture<{ profile: Record<string, unknown> }>("okta-user-get-response.json");
    const digits = this.phonesFromIds ? /(\d{6})$/.exec(id)?.[1] : undefined;
    if (digits) sample.profile.mobilePhone = `+1 201 5${digits}`;
    return { status: 200, body: override ?? { ...sample, id } };
  }

  private factorsOf(id: string): Reply {
    return {
      status: 200,
      body: this.factors.get(id) ?? fixture("okta-user-factors-list-response.json"),
    };
  }
}
