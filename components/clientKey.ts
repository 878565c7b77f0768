// ClientKey: one private_key_jwt signing key of a service app. The key pair lives in a stateful
// tls.PrivateKey (generated once, stable across `pulumi up`); its JWKs are derived with jose.

import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { deriveJwks, toOktaJwk, type OktaJwk, type PrivateJwk, type PublicJwk } from "./jwk";
import type { ClientKeySpec, KeyAlgorithm } from "./serviceAppPlan";

export interface ClientKeyArgs extends ClientKeySpec {
  /** JWS algorithm: RS256 → RSA 2048, ES256 → EC P-256. @default "RS256" */
  readonly algorithm?: KeyAlgorithm;
  /** Published `kid`. @default the RFC 7638 SHA-256 thumbprint of the public key */
  readonly kid?: string;
}

const DEFAULTS = { algorithm: "RS256" } as const satisfies ClientKeyArgs;

/** tls.PrivateKey inputs per algorithm. Changing a key's algorithm replaces its key pair. */
export const TLS_KEY_ARGS: Record<KeyAlgorithm, tls.PrivateKeyArgs> = {
  RS256: { algorithm: "RSA", rsaBits: 2048 },
  ES256: { algorithm: "ECDSA", ecdsaCurve: "P256" },
};

export class ClientKey extends pulumi.ComponentResource {
  /** JWS algorithm (known at construction). */
  readonly algorithm: KeyAlgorithm;
  /** Published key id: the configured kid, or the RFC 7638 thumbprint. Not secret. */
  readonly kid: pulumi.Output<string>;
  /** Public JWK with kid, alg and use. Not secret. */
  readonly publicJwk: pulumi.Output<PublicJwk>;
  /** The entry this key contributes to the app's `jwks`. Not secret. */
  readonly oktaJwk: pulumi.Output<OktaJwk>;
  /** SECRET: PKCS#8 PEM of the private key (what Moveworks' form and Okta's SDK take). */
  readonly privateKeyPem: pulumi.Output<string>;
  /** SECRET: the private key as a JWK, with kid and alg. */
  readonly privateKeyJwk: pulumi.Output<PrivateJwk>;

  constructor(name: string, args: ClientKeyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("oktaplane:okta:ClientKey", name, {}, opts);
    const { algorithm, kid } = { ...DEFAULTS, ...args };
    if (!(algorithm in TLS_KEY_ARGS))
      throw new TypeError(`ClientKey ${name}: algorithm must be RS256 or ES256, got ${algorithm}`);

    const key = new tls.PrivateKey(name, TLS_KEY_ARGS[algorithm], { parent: this });

    // The provider marks the PEM secret, but only the engine applies that; say it here too.
    const pem = pulumi.secret(key.privateKeyPemPkcs8);
    const derived = pem.apply((p) => deriveJwks(p, algorithm, kid));

    this.algorithm = algorithm;
    // Declassified on purpose: deriveJwks copies only public members (n, e / crv, x, y) into
    // publicJwk; the secret input would otherwise taint the kid and the app's jwks.
    this.publicJwk = pulumi.unsecret(derived.apply((d) => d.publicJwk));
    this.kid = this.publicJwk.apply((j) => j.kid);
    this.oktaJwk = this.publicJwk.apply(toOktaJwk);
    this.privateKeyPem = pem;
    this.privateKeyJwk = pulumi.secret(derived.apply((d) => d.privateJwk));

    this.registerOutputs({
      algorithm: this.algorithm,
      kid: this.kid,
      publicJwk: this.publicJwk,
      privateKeyPem: this.privateKeyPem,
      privateKeyJwk: this.privateKeyJwk,
    });
  }
}
