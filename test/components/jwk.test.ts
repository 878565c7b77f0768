// JWK derivation from real keys: public members only, RFC 7638 kid, a private JWK that signs.

import { createHash, generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { JwkError, deriveJwks, toOktaJwk } from "../../components/jwk";

// jose is ESM-only and this project compiles to CommonJS: load it the way components do.
let jose: Awaited<ReturnType<typeof loadJose>>;
const loadJose = () => import("jose");
let rsaPem: string;
let ecPem: string;
let rsaPkcs1Pem: string;
beforeAll(async () => {
  jose = await loadJose();
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  rsaPkcs1Pem = rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  ecPem = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
});

/** RFC 7638 §3, computed independently of jose: required members, sorted, no whitespace. */
function thumbprint(members: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.fromEntries(
      Object.keys(members)
        .sort()
        .map((k) => [k, members[k]]),
    ),
  );
  return createHash("sha256").update(canonical).digest("base64url");
}

describe("deriveJwks", () => {
  it("RSA: public members only, kid = RFC 7638 thumbprint", async () => {
    const { kid, publicJwk } = await deriveJwks(rsaPem, "RS256");
    expect(Object.keys(publicJwk).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    expect(kid).toBe(thumbprint({ e: publicJwk.e!, kty: "RSA", n: publicJwk.n! }));
    expect(publicJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid, e: "AQAB" });
  });

  it("EC P-256: public members only, kid = RFC 7638 thumbprint", async () => {
    const { kid, publicJwk } = await deriveJwks(ecPem, "ES256");
    expect(Object.keys(publicJwk).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    expect(kid).toBe(thumbprint({ crv: "P-256", kty: "EC", x: publicJwk.x!, y: publicJwk.y! }));
  });

  it("is deterministic: the same key always gives the same kid", async () => {
    expect((await deriveJwks(rsaPem, "RS256")).kid).toBe((await deriveJwks(rsaPem, "RS256")).kid);
  });

  it("uses a configured kid instead of the thumbprint, in both JWKs", async () => {
    const { kid, publicJwk, privateJwk } = await deriveJwks(ecPem, "ES256", "mw-2026");
    expect([kid, publicJwk.kid, privateJwk.kid]).toEqual(["mw-2026", "mw-2026", "mw-2026"]);
  });

  it.each([
    ["RS256", () => rsaPem],
    ["ES256", () => ecPem],
  ] as const)("%s: the private JWK signs what the public JWK verifies", async (alg, pem) => {
    const { publicJwk, privateJwk } = await deriveJwks(pem(), alg);
    expect(privateJwk).toMatchObject({ alg, kid: publicJwk.kid, use: "sig" });
    expect(typeof privateJwk.d).toBe("string");
    const jwt = await new jose.SignJWT({ sub: "client" })
      .setProtectedHeader({ alg, kid: privateJwk.kid })
      .sign(await jose.importJWK(privateJwk, alg));
    const { protectedHeader } = await jose.jwtVerify(jwt, await jose.importJWK(publicJwk, alg));
    expect(protectedHeader.kid).toBe(publicJwk.kid);
  });

  it("refuses a key that does not fit the algorithm", async () => {
    await expect(deriveJwks(rsaPem, "ES256")).rejects.toMatchObject({
      name: "JwkError",
      code: "KEY_ALGORITHM_MISMATCH",
    });
    await expect(deriveJwks(ecPem, "RS256")).rejects.toBeInstanceOf(JwkError);
  });

  it("refuses a PKCS#1 PEM (the tls provider's privateKeyPem): PKCS#8 only", async () => {
    await expect(deriveJwks(rsaPkcs1Pem, "RS256")).rejects.toMatchObject({
      code: "KEY_NOT_PKCS8",
    });
  });
});

describe("toOktaJwk", () => {
  it("keeps exactly the provider's jwks fields", async () => {
    const rsa = await deriveJwks(rsaPem, "RS256");
    const ec = await deriveJwks(ecPem, "ES256");
    expect(toOktaJwk(rsa.publicJwk)).toEqual({
      kty: "RSA",
      kid: rsa.kid,
      e: rsa.publicJwk.e,
      n: rsa.publicJwk.n,
    });
    expect(toOktaJwk(ec.publicJwk)).toEqual({
      kty: "EC",
      kid: ec.kid,
      x: ec.publicJwk.x,
      y: ec.publicJwk.y,
    });
  });
});
