// The program side of adoption under Pulumi's mock runtime: `oktaplane:adopt.import` becomes the
// `import` option on exactly the resources it names (the mock monitor receives their ids, as the
// engine's import step would) and on nothing else; kept labels and published keys reach the
// resources; a key that names nothing, or the wrong kind of resource, stops the program.
// What this does not prove: that a real `pulumi up` then imports with an empty diff (no engine here).

import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { envSpecificPatterns } from "../../cli/lib/envSpecific";
import { parseStackText } from "../../cli/lib/stackFile";
import { buildPlan } from "../../cli/lib/planReport";
import { ConfigError } from "../../config/errors";
import { renderText } from "../../cli/lib/renderPlan";
import { main } from "../../program";
import { installMocks, record } from "../components/mockRuntime";
import { MOVEWORKS_APP, SPOKE_APP } from "./support/orgs";
import { SEEDED_STACK, stacksDir } from "./support/stacks";

const KEY = { kty: "RSA", kid: "mw-console-2024", e: "AQAB", n: "sXch" };
const ADOPT = {
  import: {
    moveworks: MOVEWORKS_APP,
    "moveworks-scopes": MOVEWORKS_APP,
    "moveworks-role-read-only-admin": `${MOVEWORKS_APP}/JBCUYUC7IRCVGS27IF000001`,
    "servicenow-spoke": SPOKE_APP,
    "admin-roles-role-user-reader": "cr0000000000000000001",
  },
  labels: { "admin-roles-role-user-reader": "Moveworks user reader" },
  publishedKeys: { moveworks: [KEY] },
};

function stackValues(adopt: unknown) {
  const { values, secretKeys } = parseStackText("seeded", "Pulumi.seeded.yaml", SEEDED_STACK);
  return { values: { ...values, "oktaplane:adopt": JSON.stringify(adopt) }, secretKeys };
}

/** Every Okta resource the mock monitor saw, with the import id it was registered with. */
async function registered(adopt: unknown) {
  const { values, secretKeys } = stackValues(adopt);
  pulumi.runtime.setAllConfig(values, [...secretKeys]);
  const seen: { type: string; name: string; id: string | undefined }[] = [];
  const { resources } = await record(() => main({ missingSecrets: "placeholder" }), {
    gate: (args) => {
      if (args.type.startsWith("okta:"))
        seen.push({ type: args.type, name: args.name, id: args.id || undefined });
      return undefined;
    },
  });
  return { seen, resources };
}

beforeAll(() => installMocks({ stack: "seeded" }));

describe("the adopt map under the mock runtime", () => {
  it("imports exactly the resources the map names and creates every other one", async () => {
    const { seen } = await registered(ADOPT);
    const imported = Object.fromEntries(
      seen.filter((s) => s.id !== undefined).map((s) => [s.name, s.id]),
    );
    expect(imported).toEqual(ADOPT.import);
    // Nothing else carries an id: the engine creates those, and only those.
    expect(seen.filter((s) => s.id === undefined).length).toBe(seen.length - 5);
  });

  it("without a map, registers no import at all", async () => {
    const { seen } = await registered({});
    expect(seen.filter((s) => s.id !== undefined)).toEqual([]);
  });

  it("keeps the adopted role's label and publishes the vendor's key after the app's own", async () => {
    const { resources } = await registered(ADOPT);
    const role = resources.find((r) => r.name === "admin-roles-role-user-reader")!;
    expect(role.inputs["label"]).toBe("Moveworks user reader");
    const other = resources.find((r) => r.name === "admin-roles-role-group-provisioning");
    expect(other).toBeUndefined();
    const app = resources.find((r) => r.type === "okta:app/oAuth:OAuth" && r.name === "moveworks")!;
    const jwks = app.inputs["jwks"] as { kid: string }[];
    expect(jwks).toHaveLength(2);
    expect(jwks[1]).toEqual(KEY);
    expect(jwks[0]!.kid).not.toBe(KEY.kid);
  });
});

describe("plan with an adopt map", () => {
  const planOf = (adopt: unknown) => {
    const text = SEEDED_STACK + `  oktaplane:adopt: ${JSON.stringify(adopt)}\n`;
    return buildPlan({ stack: "seeded", stacksDir: stacksDir({ seeded: text }) });
  };

  it("marks each imported resource and says when the map can be removed", async () => {
    const plan = await planOf(ADOPT);
    const marked = plan.resources
      .filter((r) => r.importId !== null)
      .map((r) => [r.name, r.importId]);
    expect(Object.fromEntries(marked)).toEqual(ADOPT.import);
    const text = renderText(plan);
    expect(text).toContain(`okta:app/oAuth:OAuth  moveworks [import ${MOVEWORKS_APP}]`);
    expect(text).toContain(
      "the next pulumi up imports 5 existing Okta object(s) instead of creating them",
    );
    expect(text).toContain("After that up succeeds, remove oktaplane:adopt.import");
  });

  it("stops before anything is created, naming every key that is wrong and why", async () => {
    // One evaluation: the program reports every problem of the map at once.
    const error = await planOf({
      import: {
        "moveworks-scope": MOVEWORKS_APP,
        "twilio-verify-feedback-verification": "who1",
        moveworks: SPOKE_APP,
        "servicenow-spoke": SPOKE_APP,
        "moveworks-role-read-only-admin": "JBCUYUC7IRCVGS27IF000001",
      },
      labels: { moveworks: "Agent Studio API Integration" },
      publishedKeys: { "servicenow-spoke": [KEY] },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => `${p.key}: ${p.message}`).sort()).toEqual(
      [
        "oktaplane:adopt.import.moveworks-scope: names no Okta resource of this stack; did you mean moveworks, moveworks-role-app-admin, moveworks-role-read-only-admin, moveworks-role-user-admin, moveworks-scopes?",
        "oktaplane:adopt.import.twilio-verify-feedback-verification: is of type okta:index/eventHookVerification:EventHookVerification, which cannot be imported: created on the first up: Okta verifies the hook's URL again",
        `oktaplane:adopt.import.moveworks: imports ${SPOKE_APP}, which servicenow-spoke imports too: one Okta object cannot be two resources of the stack`,
        "oktaplane:adopt.import.moveworks-role-read-only-admin: a client role assignment is imported as <clientId>/<roleAssignmentId>, got JBCUYUC7IRCVGS27IF000001",
        "oktaplane:adopt.labels.moveworks: is of type okta:app/oAuth:OAuth: labels only keep the label of a custom role (okta.AdminRoleCustom), which the provider replaces on a label change",
        "oktaplane:adopt.publishedKeys.servicenow-spoke: names no service app of this stack (keys are kept for service apps only)",
      ].sort(),
    );
  });

  it("is never copied by promote: the map belongs to one org", () => {
    expect(envSpecificPatterns()).toContainEqual(["adopt"]);
  });

  it("rejects a malformed import id by its key", async () => {
    await expect(planOf({ import: { moveworks: "0oa 1" } })).rejects.toThrow(
      "oktaplane:adopt.import.moveworks: must be an Okta id, or <clientId>/<roleAssignmentId> for a client role assignment",
    );
  });
});
