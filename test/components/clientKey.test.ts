// ClientKey under the mock runtime, with a real key from the mock: the tls inputs, the derived
// JWKs, and which outputs are secret.

import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientKey } from "../../components/clientKey";
import { installMocks, record } from "./mockRuntime";
import { isSecret, valueOf } from "../helpers/outputs";

// Mocks go in before any resource is constructed (this module creates none at import).
beforeAll(() => installMocks());

const thumbprint = (members: Record<string, string>) =>
  createHash("sha256")
    .update(
      JSON.stringify(
        Object.fromEntries(
          Object.keys(members)
            .sort()
            .map((k) => [k, members[k]]),
        ),
      ),
    )
    .digest("base64url");

describe("ClientKey", () => {
  it("RS256: a stateful RSA 2048 tls key, kid = RFC 7638 thumbprint", async () => {
    const { result: key, resources } = await record(() => new ClientKey("app-key-primary", {}));
    expect(resources.map((r) => [r.type, r.name, r.inputs])).toEqual([
      ["oktaplane:okta:ClientKey", "app-key-primary", {}],
      ["tls:index/privateKey:PrivateKey", "app-key-primary", { algorithm: "RSA", rsaBits: 2048 }],
    ]);
    const jwk = await valueOf(key.publicJwk);
    expect(await valueOf(key.kid)).toBe(thumbprint({ e: jwk.e!, kty: "RSA", n: jwk.n! }));
    expect(await valueOf(key.oktaJwk)).toEqual({ kty: "RSA", kid: jwk.kid, e: jwk.e, n: jwk.n });
    expect(key.algorithm).toBe("RS256");
  });

  it("ES256: an EC P-256 tls key and an EC JWK", async () => {
    const { result: key, resources } = await record(
      () => new ClientKey("app-key-ec", { algorithm: "ES256" }),
    );
    expect(resources[1]!.inputs).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    expect(await valueOf(key.publicJwk)).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
  });

  it("publishes a configured kid instead of the thumbprint", async () => {
    const { result: key } = await record(
      () => new ClientKey("app-key-named", { kid: "mw-2026-01" }),
    );
    expect(await valueOf(key.kid)).toBe("mw-2026-01");
    expect(await valueOf(key.privateKeyJwk)).toMatchObject({ kid: "mw-2026-01", alg: "RS256" });
  });

  it("marks the private key secret even when the provider's output arrives in plain text", async () => {
    const { result: key } = await record(() => new ClientKey("app-key-secret", {}));
    expect(await isSecret(key.privateKeyPem)).toBe(true);
    expect(await isSecret(key.privateKeyJwk)).toBe(true);
    expect(await valueOf(key.privateKeyPem)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await valueOf(key.privateKeyJwk)).toHaveProperty("d");
  });

  it("keeps the public half public: the JWK, the kid and the jwks entry are not secret", async () => {
    const { result: key } = await record(() => new ClientKey("app-key-public", {}));
    expect(await isSecret(key.publicJwk)).toBe(false);
    expect(await isSecret(key.kid)).toBe(false);
    expect(await isSecret(key.oktaJwk)).toBe(false);
    expect(Object.keys(await valueOf(key.publicJwk)).sort()).toEqual([
      "alg",
      "e",
      "kid",
      "kty",
      "n",
      "use",
    ]);
  });
});
