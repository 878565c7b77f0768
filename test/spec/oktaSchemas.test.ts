// spec/okta-schemas.json is what the generator makes from Okta's specs, and its validators accept
// Okta's own examples and refuse what the spec rules out.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SPEC_FILE } from "../../scripts/okta-spec/compact";
import { compactSchemas, OAUTH_SPEC_FILE } from "../../scripts/okta-spec/schemas";
import { IMPLEMENTED_IDS, IMPLEMENTED_OAUTH } from "../../sim/okta/operations";
import { requestProblems, responseProblems } from "../../sim/okta/validate";
import table from "../../spec/okta-schemas.json";

const reference = join(__dirname, "..", "..", "..", "shared", "reference");
const fixtures = join(__dirname, "..", "..", "..", "shared", "fixtures");
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtures, name), "utf8"));

describe("spec/okta-schemas.json", () => {
  // CI lays ../shared beside the clone; without it the committed table stands on its own.
  it.runIf(existsSync(join(reference, SPEC_FILE)))(
    "is what scripts/okta-spec/generate.ts makes from Okta's specs",
    () => {
      const made = compactSchemas(
        readFileSync(join(reference, SPEC_FILE), "utf8"),
        IMPLEMENTED_IDS,
        readFileSync(join(reference, OAUTH_SPEC_FILE), "utf8"),
        IMPLEMENTED_OAUTH,
      );
      expect(made).toEqual(table);
    },
  );

  it("holds the schemas of every operation the simulator answers", () => {
    expect(Object.keys(table.operations).sort()).toEqual(
      [...IMPLEMENTED_IDS, ...IMPLEMENTED_OAUTH].sort(),
    );
  });
});

describe("validators", () => {
  it.runIf(existsSync(fixtures))("accept Okta's documented event hook request and response", () => {
    expect(
      requestProblems(
        "createEventHook",
        fixture("okta-event-hook-create-request.openapi-2026.json"),
      ),
    ).toEqual([]);
    expect(
      responseProblems(
        "getEventHook",
        200,
        fixture("okta-event-hook-get-response.openapi-2026.json"),
      ),
    ).toEqual([]);
    expect(responseProblems("token", 200, fixture("okta-token-success-response.json"))).toEqual([]);
  });

  it("name the field and the allowed values of a bad app", () => {
    expect(requestProblems("createApplication", { label: 3, signOnMode: "NOPE" })).toEqual([
      { field: "label", message: "must be string" },
      {
        field: "signOnMode",
        message: expect.stringMatching(/^must be one of "AUTO_LOGIN", .*"OPENID_CONNECT"/),
      },
    ]);
  });

  it("dispatch a discriminated body on its property (custom role assignment needs role and resource-set)", () => {
    expect(requestProblems("assignRoleToClient", { type: "APP_ADMIN" })).toEqual([]);
    expect(requestProblems("assignRoleToClient", { type: "CUSTOM" }).map((p) => p.field)).toEqual([
      "role",
      "resource-set",
    ]);
    expect(requestProblems("assignRoleToClient", { type: "NOT_A_ROLE" })[0]?.field).toBe("type");
  });

  it("ignore a readOnly property that is required (OpenAPI 3.0: not sent in requests)", () => {
    expect(requestProblems("grantConsentToScope", { issuer: "https://x", scopeId: "s" })).toEqual(
      [],
    );
    expect(requestProblems("grantConsentToScope", { issuer: "https://x" })).toEqual([
      { field: "scopeId", message: "must have required property 'scopeId'" },
    ]);
  });
});
