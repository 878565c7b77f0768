// The committed operation table matches Okta's spec, and requests resolve to the right operation.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compactOperations, SPEC_FILE } from "../../scripts/okta-spec/compact";
import { oktaOperations, operationMatcher } from "../../spec/oktaOperations";

const specPath = join(__dirname, "..", "..", "..", "shared", "reference", SPEC_FILE);

describe("spec/okta-operations.json", () => {
  // CI lays ../shared beside the clone; a consumer of the package has no ../shared and no need.
  it.runIf(existsSync(specPath))(
    "is what scripts/okta-spec/generate.ts makes from Okta's spec",
    () => {
      expect(compactOperations(readFileSync(specPath, "utf8"))).toEqual(oktaOperations);
    },
  );

  it("holds every operation of the spec, 723 of them with a scope (reference/SOURCES.md)", () => {
    expect(oktaOperations.operations).toHaveLength(732);
    expect(oktaOperations.operations.filter((op) => op.scopes.length > 0)).toHaveLength(723);
  });
});

describe("operationMatcher", () => {
  const { match } = operationMatcher();
  const cases: Array<[string, string, string, Record<string, string>, readonly string[]]> = [
    ["POST", "/api/v1/apps", "createApplication", {}, ["okta.apps.manage"]],
    ["GET", "/api/v1/apps/0oa1", "getApplication", { appId: "0oa1" }, ["okta.apps.read"]],
    [
      "POST",
      "/api/v1/apps/0oa1/lifecycle/activate",
      "activateApplication",
      { appId: "0oa1" },
      ["okta.apps.manage"],
    ],
    [
      "POST",
      "/api/v1/apps/0oa1/grants",
      "grantConsentToScope",
      { appId: "0oa1" },
      ["okta.appGrants.manage"],
    ],
    [
      "DELETE",
      "/api/v1/apps/0oa1/grants/oag2",
      "revokeScopeConsentGrant",
      { appId: "0oa1", grantId: "oag2" },
      ["okta.appGrants.manage"],
    ],
    [
      "POST",
      "/oauth2/v1/clients/0oa1/roles",
      "assignRoleToClient",
      { clientId: "0oa1" },
      ["okta.roles.manage"],
    ],
    [
      "POST",
      "/api/v1/eventHooks/who1/lifecycle/verify",
      "verifyEventHook",
      { eventHookId: "who1" },
      ["okta.eventHooks.manage"],
    ],
    ["GET", "/api/v1/policies", "listPolicies", {}, ["okta.policies.read"]],
    ["GET", "/.well-known/okta-organization", "getWellknownOrgMetadata", {}, []],
  ];
  it.each(cases)("%s %s is %s", (method, path, id, params, scopes) => {
    const found = match(method, path);
    expect(found?.operation.id).toBe(id);
    expect(found?.params).toEqual(params);
    expect(found?.operation.scopes).toEqual(scopes);
  });

  it("finds no operation for a path or method the spec lacks", () => {
    expect(match("GET", "/api/v1/nothing-here")).toBeUndefined();
    expect(match("PATCH", "/api/v1/apps/0oa1")).toBeUndefined();
    expect(match("GET", "/api/v1/apps/")).toBeUndefined();
  });
});
