// The stack config refuses a service app the planner would refuse, naming the config key.

import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/errors";
import { parseStackConfig } from "../../config/parse";

function problemsFor(serviceApps: unknown): string[] {
  try {
    parseStackConfig({
      stack: "dev",
      values: {
        "oktaplane:environment": "dev",
        "oktaplane:okta": JSON.stringify({ orgName: "dev-123456" }),
        "oktaplane:serviceApps": JSON.stringify(serviceApps),
      },
      secretKeys: new Set(),
    });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.key}: ${p.message}${p.value ? ` (got ${p.value})` : ""}`);
  }
}

describe("serviceApps config", () => {
  it.each<[string, unknown, string[]]>([
    ["a least-privilege app", { reporting: { capabilities: ["read-only"] } }, []],
    [
      "a broad role without opt-in",
      { admin: { capabilities: ["super-admin"] } },
      [
        'oktaplane:serviceApps.admin.capabilities[0]: assigns SUPER_ADMIN, a broad role: opt in by name with allowBroadRoles: [SUPER_ADMIN] (broad roles: ORG_ADMIN, SUPER_ADMIN) (got "super-admin")',
      ],
    ],
    [
      "a broad role opted into by name",
      { admin: { capabilities: ["super-admin"], allowBroadRoles: ["SUPER_ADMIN"] } },
      [],
    ],
    [
      "an opt-in for a role that is not broad",
      { ro: { capabilities: ["read-only"], allowBroadRoles: ["APP_ADMIN"] } },
      [
        'oktaplane:serviceApps.ro.allowBroadRoles[0]: is not a broad role and needs no opt-in; allowed values: ORG_ADMIN, SUPER_ADMIN (got "APP_ADMIN")',
      ],
    ],
    [
      "rotation midway without an active key",
      { ro: { capabilities: ["read-only"], keys: { k2025: {}, k2026: { algorithm: "ES256" } } } },
      [
        "oktaplane:serviceApps.ro.activeKey: required when an app holds several keys; one of: k2025, k2026",
      ],
    ],
    [
      "six keys",
      {
        ro: {
          capabilities: ["read-only"],
          keys: { ka: {}, kb: {}, kc: {}, kd: {}, ke: {}, kf: {} },
          activeKey: "ka",
        },
      },
      [
        'oktaplane:serviceApps.ro.keys: must hold 1 to 5 keys (got ["ka","kb","kc","kd","ke","kf"])',
      ],
    ],
  ])("%s", (_, apps, expected) => {
    expect(problemsFor(apps)).toEqual(expected);
  });
});
