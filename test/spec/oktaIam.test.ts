// The committed scope and permission lists match Okta's spec and the provider schema, and cover
// everything the built-in capability table names.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SPEC_FILE } from "../../scripts/okta-spec/compact";
import {
  iamNames,
  OAUTH_SPEC_FILE,
  PROVIDER_SCHEMA_FILE,
  scopesOf,
} from "../../scripts/okta-spec/iam";
import { CAPABILITIES, type RoleSpec } from "../../components/capabilities";
import { OKTA_PERMISSIONS, OKTA_SCOPES } from "../../spec/oktaIam";
import names from "../../spec/okta-iam.json";
import { oktaOperations } from "../../spec/oktaOperations";

const reference = join(__dirname, "..", "..", "..", "shared", "reference");
const builtInRoles = (): RoleSpec[] =>
  Object.values(CAPABILITIES).flatMap((c) => {
    const cap: { roles: readonly RoleSpec[]; rolesForGroups?: readonly RoleSpec[] } = c;
    return [...cap.roles, ...(cap.rolesForGroups ?? [])];
  });

describe("spec/okta-iam.json", () => {
  // CI lays ../shared beside the clone; without it the committed lists stand on their own.
  const present = [SPEC_FILE, OAUTH_SPEC_FILE, PROVIDER_SCHEMA_FILE].every((f) =>
    existsSync(join(reference, f)),
  );
  it.runIf(present)(
    "is what scripts/okta-spec/generate-iam.ts makes from Okta's spec and the provider schema",
    () => {
      const made = iamNames(
        oktaOperations,
        readFileSync(join(reference, SPEC_FILE), "utf8"),
        readFileSync(join(reference, OAUTH_SPEC_FILE), "utf8"),
        readFileSync(join(reference, PROVIDER_SCHEMA_FILE), "utf8"),
      );
      expect(made).toEqual(names);
    },
  );

  it("holds every scope of the operation table, the OAuth API's okta.* scopes and the factor scopes", () => {
    expect(scopesOf(oktaOperations).filter((s) => !OKTA_SCOPES.includes(s))).toEqual([]);
    const extra = OKTA_SCOPES.filter((s) => !scopesOf(oktaOperations).includes(s));
    expect(extra).toEqual([
      "okta.clients.manage",
      "okta.clients.read",
      "okta.clients.register",
      "okta.factors.manage",
      "okta.factors.read",
      "okta.universalLogout.manage",
      "okta.workflows.invoke.manage",
    ]);
    expect(OKTA_SCOPES).toHaveLength(116);
  });

  it("holds the custom-role permissions, none of them governance ones", () => {
    expect(OKTA_PERMISSIONS).toHaveLength(54);
    expect(OKTA_PERMISSIONS.filter((p) => p.startsWith("okta.governance."))).toEqual([]);
    expect(OKTA_PERMISSIONS).toContain("okta.users.credentials.manageTemporaryAccessCode");
  });

  it("covers every scope and permission of the built-in capability table", () => {
    const scopes = Object.values(CAPABILITIES).flatMap((c) => [...c.scopes]);
    expect(scopes.filter((s) => !OKTA_SCOPES.includes(s))).toEqual([]);
    const permissions = builtInRoles().flatMap((r) =>
      r.kind === "custom" ? [...r.role.permissions] : [],
    );
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.filter((p) => !OKTA_PERMISSIONS.includes(p))).toEqual([]);
  });
});
