// Checks a DPoP proof (RFC 9449) as Okta does at its token endpoint and for resource requests,
// answering with the catalog's invalid_dpop_proof variants, and makes Okta's rotating nonces
// (developer.okta.com/docs/guides/dpop/main/: "the nonce renews every 24 hours; old values keep
// working for three days").
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { JWK } from "jose" with { "resolution-mode": "import" };
import type { SimClock } from "../shared/clock";

const ASYMMETRIC = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
];
const DAY_MS = 24 * 3600_000;
/** "A DPoP proof older than five minutes" fails (ERRCAT invalid_dpop_proof_jwt_too_old). */
const MAX_AGE_S = 300;
/** Small allowance for a client clock ahead of ours before "issued in the future". */
const SKEW_S = 60;

export interface ProofExpectation {
  readonly method: string;
  /** The request URL without query or fragment (RFC 9449 §4.3). */
  readonly url: string;
  /** For a resource request: the access token the proof must hash into `ath`. */
  readonly accessToken?: string;
}

export type ProofResult =
  | { readonly ok: true; readonly jkt: string; readonly nonce?: string }
  /** `code` is the error catalog's internalErrorCode. */
  | { readonly ok: false; readonly code: string };

export class DpopVerifier {
  readonly #secret = randomBytes(32);
  /** jti → simulated expiry: a replayed proof is refused (ERRCAT dpop_proof_already_used). */
  readonly #seen = new Map<string, number>();

  constructor(private readonly clock: SimClock) {}

  #nonceFor(window: number): string {
    return createHmac("sha256", this.#secret)
      .update(String(window))
      .digest("base64url")
      .slice(0, 32);
  }

  /** The nonce Okta hands out now (header `dpop-nonce`). */
  currentNonce(): string {
    return this.#nonceFor(Math.floor(this.clock.now() / DAY_MS));
  }

  /** Today's nonce and those of the two days before are accepted. */
  nonceValid(nonce: unknown): boolean {
    if (typeof nonce !== "string") return false;
    const today = Math.floor(this.clock.now() / DAY_MS);
    return [0, 1, 2].some((d) => this.#nonceFor(today - d) === nonce);
  }

  async verify(proof: string | undefined, expect: ProofExpectation): Promise<ProofResult> {
    const fail = (code: string): ProofResult => ({ ok: false, code });
    if (proof === undefined || proof === "") return fail("invalid_dpop_proof_missing_header");
    // jose is ESM-only; this CommonJS project loads it dynamically, as cli/lib does.
    const { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } =
      await import("jose");
    let header: Awaited<ReturnType<typeof decodeProtectedHeader>>;
    try {
      header = decodeProtectedHeader(proof);
    } catch {
      return fail("invalid_dpop_proof_invalid_jwt");
    }
    if (header.typ !== "dpop+jwt") return fail("invalid_dpop_proof_invalid_type");
    if (typeof header.alg !== "string" || !ASYMMETRIC.includes(header.alg)) {
      return fail("invalid_dpop_proof_invalid_signature_algorithm");
    }
    const jwk = header.jwk as JWK | undefined;
    // A private key in the header is a broken client, not a proof (RFC 9449 §4.3 check 7).
    if (jwk === undefined || "d" in jwk) return fail("invalid_dpop_proof");
    let payload: Record<string, unknown>;
    try {
      const key = await importJWK(jwk, header.alg);
      payload = (await jwtVerify(proof, key, { typ: "dpop+jwt", clockTolerance: 1e9 })).payload;
    } catch {
      return fail("invalid_dpop_proof_invalid_signature");
    }
    if (payload.htm !== expect.method) return fail("invalid_dpop_proof_invalid_htm");
    if (typeof payload.htu !== "string" || stripQuery(payload.htu) !== expect.url) {
      return fail("invalid_dpop_proof_invalid_htu");
    }
    const now = Math.floor(this.clock.now() / 1000);
    if (typeof payload.iat !== "number") return fail("invalid_dpop_proof_invalid_iat");
    if (payload.iat > now + SKEW_S) return fail("invalid_dpop_proof_jwt_issued_in_future");
    if (payload.iat < now - MAX_AGE_S) return fail("invalid_dpop_proof_jwt_too_old");
    if (typeof payload.jti !== "string" || payload.jti === "") {
      return fail("invalid_dpop_proof_invalid_jti");
    }
    if (expect.accessToken !== undefined) {
      const ath = createHash("sha256").update(expect.accessToken).digest("base64url");
      if (payload.ath !== ath) return fail("dpop_proof_invalid_ath");
    }
    this.#expire(now);
    if (this.#seen.has(payload.jti)) return fail("dpop_proof_already_used");
    this.#seen.set(payload.jti, now + MAX_AGE_S + SKEW_S);
    const jkt = await calculateJwkThumbprint(jwk);
    return typeof payload.nonce === "string"
      ? { ok: true, jkt, nonce: payload.nonce }
      : { ok: true, jkt };
  }

  #expire(now: number): void {
    if (this.#seen.size < 10_000) return;
    for (const [jti, until] of this.#seen) if (until < now) this.#seen.delete(jti);
  }
}

function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
