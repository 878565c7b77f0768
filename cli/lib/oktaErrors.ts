// Turns a failed token request into a one-line meaning and remediation. Matches on the OAuth
// `error` code first; `error_description` is only a hint for sub-cases, because Okta's wording
// differs between its API reference and its error catalog
// (https://developer.okta.com/docs/reference/error-codes/#oauth-2-0-and-openid-connect-errors).

/** What a person reads when a service app fails to get a token. */
export interface ErrorExplanation {
  /** The OAuth `error` code, or a local code (timeout, network_error, …). */
  readonly code: string;
  /** A sub-case recognised from error_description, when there is one. */
  readonly subcase?: string;
  readonly meaning: string;
  readonly remediation: string;
}

interface Explanation {
  readonly meaning: string;
  readonly remediation: string;
}

interface Subcase extends Explanation {
  readonly id: string;
  /** Tested against error_description, first match wins: put the specific before the general. */
  readonly hint: RegExp;
}

interface Entry extends Explanation {
  readonly subcases?: readonly Subcase[];
}

const CLOCK = "Check this machine's clock (NTP)";

const TABLE: Readonly<Record<string, Entry>> = {
  invalid_client: {
    meaning:
      "Okta could not authenticate the app (unknown client, or the client assertion was rejected)",
    remediation:
      "Check that clientId exists in this org and that activeKid and the private key match a key registered on the app (pulumi up)",
    subcases: [
      {
        id: "assertion_expired",
        hint: /expired/i,
        meaning: "The client assertion had expired when Okta received it",
        remediation: `${CLOCK}; verify signs assertions valid for 5 minutes`,
      },
      {
        id: "assertion_exp_too_far",
        hint: /too far/i,
        meaning: "The client assertion's exp is more than 1 hour ahead of Okta's clock",
        remediation: `${CLOCK}; it is running fast`,
      },
      {
        id: "assertion_issued_in_future",
        hint: /issued before|in the future/i,
        meaning: "The client assertion's iat is ahead of Okta's clock",
        remediation: `${CLOCK}; it is running fast`,
      },
      {
        id: "assertion_replayed",
        hint: /already (been )?used|only be used once|replay/i,
        meaning: "The client assertion's jti was used before",
        remediation:
          "Sign a fresh assertion (new jti) for every request, including retries; make sure no two processes share one",
      },
      {
        id: "bad_kid",
        hint: /\bkid\b/i,
        meaning: "The assertion's kid does not name a key registered on the app",
        remediation:
          "Run pulumi up so the app's JWKS contains activeKid (an unfinished key rotation leaves them apart)",
      },
      {
        id: "bad_signature_algorithm",
        hint: /signature algorithm/i,
        meaning: "Okta does not accept the assertion's alg for this key",
        remediation:
          "Make the output's algorithm match the key type (RS256 for RSA, ES256 for P-256)",
      },
      {
        id: "bad_signature",
        hint: /signature/i,
        meaning:
          "The assertion's signature does not verify with the public key registered under its kid",
        remediation:
          "The private key in the outputs is not the one registered on the app: run pulumi up, or re-export the outputs",
      },
      {
        id: "bad_audience",
        hint: /audience/i,
        meaning: "The assertion's aud is not the token endpoint that was called",
        remediation:
          "tokenUrl must be https://<org>/oauth2/v1/token on the org's own domain; fix the stack's org URL",
      },
      {
        id: "bad_issuer_or_subject",
        hint: /issuer|subject/i,
        meaning: "The assertion's iss or sub is not the app's client id",
        remediation: "Check that clientId in the outputs belongs to this app and org",
      },
      {
        id: "private_key_jwt_required",
        hint: /private_key_jwt/i,
        meaning: "The app is not configured for private_key_jwt client authentication",
        remediation: "Set token_endpoint_auth_method private_key_jwt on the app (pulumi up)",
      },
      {
        id: "not_a_service_app",
        hint: /application_type/i,
        meaning: "Only service apps may use client credentials at the org authorization server",
        remediation: "Declare the app as a service (API Services) app",
      },
      {
        id: "no_jwks",
        hint: /jwkset|jwks/i,
        meaning: "The app has no usable public keys (JWKS) configured",
        remediation: "Run pulumi up so the app's public keys are registered",
      },
      {
        id: "unknown_client_id",
        hint: /client_id/i,
        meaning: "Okta does not know this client id",
        remediation:
          "Check the org URL and clientId: the outputs may belong to another org or a deleted app",
      },
    ],
  },
  invalid_scope: {
    meaning: "A declared scope is unknown or not granted to the app",
    remediation:
      "Grant the scope (okta.AppOauthApiScope, pulumi up; the deployer needs okta.appGrants.manage) or stop declaring it",
    subcases: [
      {
        id: "no_scopes",
        hint: /no scopes/i,
        meaning: "The app declares no scopes, and Okta needs at least one",
        remediation: "Give the app at least one capability in the stack config",
      },
      {
        id: "openid_scope",
        hint: /openid/i,
        meaning: "OIDC scopes cannot be requested with client credentials",
        remediation: "Remove openid/profile/email from the app's scopes",
      },
    ],
  },
  invalid_dpop_proof: {
    meaning: "Okta rejected the DPoP proof",
    remediation: `Check that requireDpop matches the Okta app's DPoP setting; ${CLOCK} (proofs live 5 minutes)`,
    subcases: [
      {
        id: "dpop_missing",
        hint: /header is missing|requires a dpop/i,
        meaning: "The app requires DPoP but no proof was sent",
        remediation:
          "Set requireDpop for this app in the stack so outputs match Okta, then pulumi up",
      },
      {
        id: "dpop_clock",
        hint: /too old|in the (future|past)|expired|\biat\b/i,
        meaning: "The DPoP proof's iat is outside Okta's window",
        remediation: CLOCK,
      },
    ],
  },
  use_dpop_nonce: {
    meaning: "Okta still asked for a DPoP nonce after the retry with the nonce it supplied",
    remediation:
      "Retry later; if it persists, check that no proxy strips the dpop-nonce header or the DPoP header",
  },
  access_denied: {
    meaning:
      "Okta refused the request by policy, e.g. from outside the app's permitted network zones",
    remediation: "Run verify from an allowed network zone, or adjust the app's network restriction",
  },
  invalid_request: {
    meaning: "Okta found the token request malformed",
    remediation:
      "Likely a bug in verify or a proxy rewriting the request; report it with the error_description",
    subcases: [
      {
        id: "dpop_required",
        hint: /dpop/i,
        meaning: "The app requires DPoP but the request had no proof",
        remediation:
          "Set requireDpop for this app in the stack so outputs match Okta, then pulumi up",
      },
    ],
  },
  unauthorized_client: {
    meaning: "The app may not use the client_credentials grant",
    remediation: "Make it a service app with grant type client_credentials (pulumi up)",
    subcases: [
      {
        // Okta's spec says dpop_bound_access_tokens: true disallows client_credentials; how a
        // real org words that refusal is not known (docs/DPOP.md), so any mention of DPoP.
        id: "dpop_client_credentials",
        hint: /dpop/i,
        meaning: "Okta refuses client_credentials for an app that requires DPoP",
        remediation:
          "This org follows Okta's spec (a DPoP-bound client may not use client_credentials): set requireDpop: false for the app and pulumi up (docs/DPOP.md)",
      },
    ],
  },
  unsupported_grant_type: {
    meaning: "This authorization server does not accept client_credentials for the app",
    remediation: "tokenUrl must be the org authorization server, https://<org>/oauth2/v1/token",
  },
  consent_required: {
    meaning: "A declared scope needs user consent, which client credentials cannot give",
    remediation: "Remove the scope from the app, or turn off consent for it in Okta",
  },
  invalid_grant: {
    meaning: "The server rejected the grant (for DPoP: a replayed proof)",
    remediation: "Retry once; if it persists, report it with the error_description",
  },
  // Local codes: the request never got an OAuth answer.
  timeout: {
    meaning: "The token endpoint did not answer in time",
    remediation: "Check network access to the org (proxy, firewall), or raise --timeout",
  },
  network_error: {
    meaning: "The token endpoint could not be reached",
    remediation: "Check the org URL in the outputs, DNS and network access",
  },
  unexpected_response: {
    meaning: "The token endpoint answered without a token or an OAuth error",
    remediation: "Check that tokenUrl points at Okta and not at a proxy or login page",
  },
  local_key_error: {
    meaning: "The private key in the outputs cannot sign with the declared algorithm",
    remediation:
      "Check privateKeyPem is PKCS#8 and algorithm matches its type (RS256 RSA, ES256 P-256)",
  },
};

/** Explains an error code, using the description only to pick a sub-case. */
export function explainTokenError(code: string, description?: string): ErrorExplanation {
  const entry = TABLE[code];
  if (!entry) {
    return {
      code,
      meaning: `The token endpoint returned error "${code}"`,
      remediation: "Look the code up in Okta's OAuth 2.0 error reference",
    };
  }
  const subcase =
    description === undefined ? undefined : entry.subcases?.find((s) => s.hint.test(description));
  if (!subcase) return { code, meaning: entry.meaning, remediation: entry.remediation };
  return { code, subcase: subcase.id, meaning: subcase.meaning, remediation: subcase.remediation };
}

/** Every code the table knows, for docs and tests. */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(TABLE);
