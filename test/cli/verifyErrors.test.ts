// The error table against Okta's documented token-endpoint errors (../shared/fixtures): the code
// decides, error_description only picks a sub-case, so reworded descriptions still get the code.

import { describe, expect, it } from "vitest";
import { explainTokenError, KNOWN_ERROR_CODES } from "../../cli/lib/oktaErrors";
import { readFixture } from "./support/fixtures";

const fixture = (name: string) => readFixture<{ error: string; error_description: string }>(name);

describe("explainTokenError on Okta's documented error bodies", () => {
  it.each([
    ["okta-token-error-invalid-client.json", "invalid_client", undefined],
    [
      "okta-token-error-invalid-client-assertion-expired.json",
      "invalid_client",
      "assertion_expired",
    ],
    [
      "okta-token-error-invalid-client-assertion-jti-replay.json",
      "invalid_client",
      "assertion_replayed",
    ],
    ["okta-token-error-invalid-client-assertion-kid.json", "invalid_client", "bad_kid"],
    ["okta-token-error-invalid-client-assertion-signature.json", "invalid_client", "bad_signature"],
    ["okta-token-error-invalid-client-assertion-audience.json", "invalid_client", "bad_audience"],
    [
      "okta-token-error-invalid-client-assertion-exp-too-far.json",
      "invalid_client",
      "assertion_exp_too_far",
    ],
    [
      "okta-token-error-invalid-client-org-as-requires-pkjwt.json",
      "invalid_client",
      "private_key_jwt_required",
    ],
    [
      "okta-token-error-invalid-client-bad-client-id.openapi-2026.json",
      "invalid_client",
      "unknown_client_id",
    ],
    ["okta-token-error-invalid-client-no-creds.openapi-2026.json", "invalid_client", undefined],
    ["okta-token-error-invalid-scope.json", "invalid_scope", undefined],
    ["okta-token-error-invalid-scope-missing.openapi-2026.json", "invalid_scope", "no_scopes"],
    ["okta-token-error-invalid-dpop-proof.json", "invalid_dpop_proof", undefined],
    ["okta-token-error-use-dpop-nonce.json", "use_dpop_nonce", undefined],
    ["okta-token-error-access-denied-network-zone.openapi-2026.json", "access_denied", undefined],
    [
      "okta-token-error-invalid-request-assertion-type.openapi-2026.json",
      "invalid_request",
      undefined,
    ],
    [
      "okta-token-error-invalid-request-multiple-creds.openapi-2026.json",
      "invalid_request",
      undefined,
    ],
  ])("%s → %s / %s", (file, code, subcase) => {
    const body = fixture(file);
    const explained = explainTokenError(body.error, body.error_description);
    expect(explained.code).toBe(code);
    expect(explained.subcase).toBe(subcase);
    expect(explained.meaning).not.toBe("");
    expect(explained.remediation).not.toBe("");
  });

  it("gives every catalog entry a known code, and the right sub-case for the assertion ones", () => {
    const catalog = readFixture<{
      errors: { internalErrorCode: string; errorCode: string; errorDescription: string }[];
    }>("okta-oauth-error-catalog-token-subset.json");
    const expectedSubcase: Record<string, string> = {
      client_assertion_expired_token: "assertion_expired",
      client_assertion_already_used: "assertion_replayed",
      client_assertion_invalid_kid: "bad_kid",
      client_assertion_invalid_signature: "bad_signature",
      client_assertion_invalid_signature_algorithm: "bad_signature_algorithm",
      client_assertion_invalid_audience: "bad_audience",
      client_assertion_invalid_issuer: "bad_issuer_or_subject",
      client_assertion_invalid_subject: "bad_issuer_or_subject",
      client_assertion_issued_at_in_future: "assertion_issued_in_future",
      invalid_dpop_proof_missing_header: "dpop_missing",
      invalid_dpop_proof_jwt_too_old: "dpop_clock",
      dpop_proof_required_for_token: "dpop_required",
    };
    for (const entry of catalog.errors) {
      // invalid_token is a resource-call error, not a token-endpoint one.
      if (entry.errorCode === "invalid_token") continue;
      expect(KNOWN_ERROR_CODES, entry.internalErrorCode).toContain(entry.errorCode);
      const explained = explainTokenError(entry.errorCode, entry.errorDescription);
      if (expectedSubcase[entry.internalErrorCode]) {
        expect(explained.subcase, entry.internalErrorCode).toBe(
          expectedSubcase[entry.internalErrorCode],
        );
      }
    }
  });

  it("matches on the code even when the description is reworded or absent", () => {
    const reworded = explainTokenError("invalid_client", "client authentication failed");
    expect(reworded.code).toBe("invalid_client");
    expect(reworded.subcase).toBeUndefined();
    expect(explainTokenError("invalid_scope").code).toBe("invalid_scope");
  });

  it("an org refusing client_credentials for a DPoP app says to set requireDpop false", () => {
    const explained = explainTokenError(
      "unauthorized_client",
      "client_credentials is not allowed when dpop_bound_access_tokens is true",
    );
    expect(explained.subcase).toBe("dpop_client_credentials");
    expect(explained.remediation).toContain("set requireDpop: false");
    expect(explained.remediation).toContain("docs/DPOP.md");
    expect(explainTokenError("unauthorized_client").subcase).toBeUndefined();
  });

  it("ignores a description hint that belongs to another code", () => {
    expect(
      explainTokenError("access_denied", "The client_assertion token is expired.").subcase,
    ).toBe(undefined);
  });

  it("covers the codes verify promises to explain", () => {
    for (const code of [
      "invalid_client",
      "invalid_scope",
      "invalid_dpop_proof",
      "use_dpop_nonce",
      "access_denied",
      "invalid_request",
      "unauthorized_client",
      "timeout",
      "network_error",
    ]) {
      expect(KNOWN_ERROR_CODES).toContain(code);
    }
  });

  it("explains an unknown code generically, naming it", () => {
    expect(explainTokenError("slow_down", "x")).toEqual({
      code: "slow_down",
      meaning: 'The token endpoint returned error "slow_down"',
      remediation: "Look the code up in Okta's OAuth 2.0 error reference",
    });
  });
});
