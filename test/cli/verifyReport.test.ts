// Report building and rendering, and the redaction safety net, without any server.

import { describe, expect, it } from "vitest";
import { keySecrets, redact } from "../../cli/lib/redact";
import {
  buildAppReport,
  compareScopes,
  formatReportText,
  reportJson,
} from "../../cli/lib/verifyReport";

const APP = { clientId: "0oa1", scopes: ["okta.users.read", "okta.apps.read"], requireDpop: false };

describe("compareScopes", () => {
  it("lists missing and extra scopes, sorted", () => {
    expect(compareScopes(["b", "a", "c"], ["c", "d", "a"])).toEqual({
      declared: ["a", "b", "c"],
      granted: ["a", "c", "d"],
      missing: ["b"],
      extra: ["d"],
    });
  });

  it("reports nothing missing when the server did not send scope", () => {
    expect(compareScopes(["a"], undefined)).toEqual({ declared: ["a"], missing: [], extra: [] });
  });
});

describe("buildAppReport", () => {
  it("is ok when granted equals declared, and never copies the access token", () => {
    const report = buildAppReport("mw", APP, {
      ok: true,
      accessToken: "SECRET-ACCESS-TOKEN",
      tokenType: "Bearer",
      expiresIn: 3600,
      grantedScopes: ["okta.apps.read", "okta.users.read"],
      dpopNonceRetried: false,
    });
    expect(report.status).toBe("ok");
    expect(report.error).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain("SECRET-ACCESS-TOKEN");
  });

  it("fails with scope_mismatch when a declared scope was not granted", () => {
    const report = buildAppReport("mw", APP, {
      ok: true,
      accessToken: "t",
      tokenType: "Bearer",
      grantedScopes: ["okta.users.read"],
      dpopNonceRetried: false,
    });
    expect(report.status).toBe("fail");
    expect(report.scopes.missing).toEqual(["okta.apps.read"]);
    expect(report.error).toMatchObject({
      code: "scope_mismatch",
      remediation: "Grant the missing scopes (pulumi up; the deployer needs okta.appGrants.manage)",
    });
  });

  it("explains a server error and keeps its description and status", () => {
    const report = buildAppReport("mw", APP, {
      ok: false,
      error: "invalid_client",
      errorDescription: "The client_assertion JWT kid is invalid.",
      httpStatus: 401,
      dpopNonceRetried: false,
    });
    expect(report.error).toMatchObject({
      code: "invalid_client",
      subcase: "bad_kid",
      httpStatus: 401,
      description: "The client_assertion JWT kid is invalid.",
    });
  });
});

describe("formatReportText", () => {
  const ok = buildAppReport("moveworks", APP, {
    ok: true,
    accessToken: "t",
    tokenType: "DPoP",
    expiresIn: 3600,
    grantedScopes: APP.scopes,
    dpopNonceRetried: true,
  });
  const failed = buildAppReport(
    "servicenow-spoke",
    { ...APP, clientId: "0oa22" },
    {
      ok: false,
      error: "invalid_scope",
      errorDescription: "The requested scope is invalid.",
      httpStatus: 400,
      dpopNonceRetried: false,
    },
  );

  it("aligns columns and adds meaning, fix and the server's words under a failure", () => {
    const text = formatReportText([ok, failed]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "APP               CLIENT ID  RESULT  TOKEN                          SCOPES",
    );
    expect(lines[1]).toBe(
      "moveworks         0oa1       OK      DPoP 3600s (after DPoP nonce)  2/2 granted",
    );
    expect(lines[2]).toBe(
      "servicenow-spoke  0oa22      FAIL    invalid_scope                  2 declared",
    );
    expect(lines[3]).toMatch(/^ {4}meaning: A declared scope is unknown or not granted/);
    expect(lines[4]).toMatch(/^ {4}fix: {5}Grant the scope/);
    expect(lines[5]).toBe('    server:  HTTP 400, "The requested scope is invalid."');
    expect(text.endsWith("2 app(s): 1 ok, 1 failed\n")).toBe(true);
  });

  it("renders JSON with an overall ok flag", () => {
    expect(reportJson([ok]).ok).toBe(true);
    expect(reportJson([ok, failed]).ok).toBe(false);
  });
});

describe("redact", () => {
  it("masks JWT-shaped strings and PEM blocks even when not listed", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwb2EifQ.c2lnbmF0dXJl";
    const pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
    expect(redact(`a ${jwt} b ${pem} c`)).toBe("a [redacted JWT] b [redacted key] c");
  });

  it("masks listed secrets, including each PEM body line and private JWK members", () => {
    const secrets = keySecrets(
      "-----BEGIN PRIVATE KEY-----\nLINE-ONE-abcdef\nLINE-TWO-abcdef\n-----END PRIVATE KEY-----\n",
      {
        kty: "RSA",
        d: "private-exponent-d",
        n: "public-modulus",
      },
    );
    expect(redact("x LINE-TWO-abcdef y private-exponent-d z public-modulus", secrets)).toBe(
      "x [redacted] y [redacted] z public-modulus",
    );
  });
});
