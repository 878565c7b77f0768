// The shape of the stack outputs that the CLI (verify, handoff) reads back with
// `pulumi stack output --json --show-secrets`: one contract for the program and its consumers.

/** One service app as exported under the `serviceApps` stack output, keyed by its config key. */
export interface ServiceAppOutput {
  /** Okta client id (`0oa…`). */
  readonly clientId: string;
  /** `https://<org>/oauth2/v1/token`: both the token endpoint and the client assertion `aud`. */
  readonly tokenUrl: string;
  /** Same value as tokenUrl; kept separate because vendor forms ask for it separately. */
  readonly audience: string;
  /** Okta org URL, `https://<org>.<baseUrl>`. */
  readonly orgUrl: string;
  /** `kid` of the key handed to connectors (RFC 7638 thumbprint unless configured). */
  readonly activeKid: string;
  /** JWS algorithm of the active key: RS256 or ES256. */
  readonly algorithm: "RS256" | "ES256";
  /** Exact Okta API scopes granted to the app, sorted. */
  readonly scopes: readonly string[];
  /** Whether the app requires DPoP-bound tokens. */
  readonly requireDpop: boolean;
  /** SECRET: PKCS#8 PEM of the active private key. */
  readonly privateKeyPem: string;
  /** SECRET: the active private key as a JWK (with kid and alg). */
  readonly privateKeyJwk: Record<string, unknown>;
}

/** One field of a vendor form, in the form's own wording and order. */
export interface BundleField {
  /** The vendor form the field belongs to, when a sheet spans several (e.g. credential, connection). */
  readonly form?: string;
  readonly name: string;
  readonly value: string;
  readonly secret: boolean;
}

/** What a person pastes into one vendor's form, plus what stays manual. */
export interface ConnectorBundle {
  readonly connector: string;
  readonly title: string;
  readonly fields: readonly BundleField[];
  readonly manualSteps: readonly string[];
}

/** All stack outputs the CLI relies on. */
export interface StackOutputs {
  readonly serviceApps?: Record<string, ServiceAppOutput>;
  readonly connectors?: Record<string, ConnectorBundle>;
  readonly hookReceiver?: {
    readonly url: string;
    readonly eventsUrl: string;
    readonly telephonyUrl: string;
  };
}
