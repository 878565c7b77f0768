// Matching an org to a stack's declared resources, pure: by pin, label, preset and content; each
// messy case (duplicate labels, leftovers of a deleted or inactive app, a pinned id that is gone,
// a wrong app type) ends in a stated outcome, never a guess.

import { describe, expect, it } from "vitest";
import type { Desired, DesiredApp } from "../../cli/adopt/desired";
import { choose, matchApps } from "../../cli/adopt/match";
import { matchRest } from "../../cli/adopt/matchObjects";
import { toApp, type OrgSnapshot } from "../../cli/adopt/org";
import {
  customRoleAssignment,
  grants,
  oidcApp,
  oktaId,
  standardRole,
  type Raw,
} from "./support/orgs";
import { snapshotOf } from "./support/snapshot";

const app = (a: Partial<DesiredApp> & { name: string; label: string }): DesiredApp => ({
  type: "service",
  tokenEndpointAuthMethod: "private_key_jwt",
  redirectUris: [],
  capabilities: ["read-only"],
  groups: [],
  ...a,
});

function desired(d: Partial<Desired>): Desired {
  return {
    stack: "dev",
    orgUrl: "https://dev-31415926.oktapreview.com",
    engine: "oie",
    apps: [],
    grants: [],
    roles: [],
    customRoles: [],
    resourceSets: [],
    eventHooks: [],
    inlineHooks: [],
    authenticators: [],
    factors: [],
    tokenUsers: [],
    notImportable: [],
    adopt: { import: {}, labels: {}, publishedKeys: {} },
    ...d,
  };
}

function org(o: Partial<Parameters<typeof snapshotOf>[0]>): OrgSnapshot {
  return snapshotOf({
    apps: [],
    grants: {},
    clientRoles: {},
    appKeys: {},
    customRoles: [],
    resourceSets: [],
    eventHooks: [],
    inlineHooks: [],
    authenticators: [],
    apiTokens: [],
    ...o,
  });
}

const A1 = oktaId("0oa", 1);
const A2 = oktaId("0oa", 2);
const A3 = oktaId("0oa", 3);
const reporting = app({ name: "reporting", label: "Reporting" });
const outcomeOf = (decisions: { name: string; outcome: unknown }[], name: string) =>
  decisions.find((d) => d.name === name)?.outcome;

describe("matchApps", () => {
  it("adopts the one app with the declared label", () => {
    const { decisions, matched } = matchApps(
      desired({ apps: [reporting] }),
      [oidcApp({ id: A1, label: "Reporting", type: "service" })].map(toApp),
    );
    expect(outcomeOf(decisions, "reporting")).toEqual({
      kind: "import",
      id: A1,
      oktaId: A1,
      via: 'label "Reporting"',
    });
    expect(matched.get("reporting")?.id).toBe(A1);
  });

  it("refuses two ACTIVE apps with the same label and names both", () => {
    const apps = [A1, A2].map((id) => toApp(oidcApp({ id, label: "Reporting", type: "service" })));
    const { decisions, matched } = matchApps(desired({ apps: [reporting] }), apps);
    expect(outcomeOf(decisions, "reporting")).toEqual({
      kind: "refused",
      why: "2 ACTIVE apps fit; adopt does not guess: pin the right one with oktaplane:adopt.import.reporting: <id>",
      candidates: [
        { id: A1, label: "Reporting", status: "ACTIVE" },
        { id: A2, label: "Reporting", status: "ACTIVE" },
      ],
    });
    expect(matched.size).toBe(0);
  });

  it("prefers the ACTIVE app to an INACTIVE leftover, never a DELETED one, and says so", () => {
    const apps = [
      oidcApp({ id: A1, label: "Reporting", type: "service", status: "INACTIVE" }),
      oidcApp({ id: A2, label: "Reporting", type: "service", status: "DELETED" }),
      oidcApp({ id: A3, label: "Reporting", type: "service" }),
    ].map(toApp);
    const { decisions } = matchApps(desired({ apps: [reporting] }), apps);
    const d = decisions.find((x) => x.name === "reporting")!;
    expect(d.outcome).toMatchObject({ kind: "import", id: A3 });
    expect(d.notes).toContain(`Reporting (${A1}, INACTIVE) also fits and is left as it is`);
    expect(d.notes.join(" ")).not.toContain(A2);
  });

  it("adopts a lone INACTIVE app and says pulumi up activates it", () => {
    const apps = [
      toApp(oidcApp({ id: A1, label: "Reporting", type: "service", status: "INACTIVE" })),
    ];
    const d = matchApps(desired({ apps: [reporting] }), apps).decisions[0]!;
    expect(d.outcome).toMatchObject({ kind: "import", id: A1 });
    expect(d.notes).toContain("it is INACTIVE: pulumi up activates it");
  });

  it("a pin wins over the label, and a pinned id that no longer exists is gone", () => {
    const apps = [A1, A2].map((id) => toApp(oidcApp({ id, label: "Reporting", type: "service" })));
    const pinned = (id: string) =>
      matchApps(
        desired({
          apps: [reporting],
          adopt: { import: { reporting: id }, labels: {}, publishedKeys: {} },
        }),
        apps,
      ).decisions[0]!.outcome;
    expect(pinned(A2)).toMatchObject({
      kind: "import",
      id: A2,
      via: "pinned in oktaplane:adopt.import.reporting",
    });
    expect(pinned(A3)).toEqual({
      kind: "gone",
      id: A3,
      why: `oktaplane:adopt.import.reporting: app ${A3} no longer exists in the org (deleted, or another org)`,
    });
  });

  it("refuses an app of another type: a type change would replace it with a new client id", () => {
    const apps = [toApp(oidcApp({ id: A1, label: "Reporting", type: "web" }))];
    expect(matchApps(desired({ apps: [reporting] }), apps).decisions[0]!.outcome).toMatchObject({
      kind: "refused",
      why: expect.stringContaining("the provider replaces an app whose type changes"),
    });
  });

  it("recognises the Moveworks and ServiceNow presets when no label matches", () => {
    const redirect = "https://acmedev.service-now.com/oauth_redirect.do";
    const apps = [
      oidcApp({ id: A1, label: "Agent Studio API Integration", type: "service" }),
      oidcApp({ id: A2, label: "SN", type: "web", redirectUris: [redirect] }),
    ].map(toApp);
    const { decisions } = matchApps(
      desired({
        apps: [
          app({ name: "moveworks", label: "oktaplane dev Moveworks", preset: "moveworks" }),
          app({
            name: "servicenow-spoke",
            label: "oktaplane dev ServiceNow Okta spoke",
            type: "web",
            preset: "servicenow-spoke",
            tokenEndpointAuthMethod: "client_secret_basic",
            redirectUris: [redirect],
          }),
        ],
      }),
      apps,
    );
    expect(outcomeOf(decisions, "moveworks")).toMatchObject({ kind: "import", id: A1 });
    expect(outcomeOf(decisions, "servicenow-spoke")).toMatchObject({ kind: "import", id: A2 });
  });

  it("notes a change of client authentication, DPoP and label", () => {
    const apps = [
      toApp(
        oidcApp({ id: A1, label: "Old", type: "service", auth: "client_secret_basic", dpop: true }),
      ),
    ];
    const d = matchApps(
      desired({
        apps: [app({ name: "r", label: "Old", requireDpop: false })],
        adopt: { import: { r: A1 }, labels: {}, publishedKeys: {} },
      }),
      apps,
    ).decisions[0]!;
    expect(d.notes).toEqual([
      expect.stringContaining("client authentication client_secret_basic becomes private_key_jwt"),
      "DPoP required becomes off",
    ]);
  });
});

describe("matchRest", () => {
  const CR = oktaId("cr0", 1);
  const CR2 = oktaId("cr0", 2);
  const RS = oktaId("iam", 1);
  const reader = {
    role: { id: CR, label: "Moveworks user reader", description: "" } as Raw,
    permissions: [{ label: "okta.users.read" }],
  };
  const allUsers = {
    set: { id: RS, label: "Everyone", description: "" } as Raw,
    resources: [
      {
        id: "ires1",
        _links: { self: { href: "https://dev-31415926.oktapreview.com/api/v1/users" } },
      },
    ],
  };
  const d = desired({
    apps: [reporting],
    grants: [
      {
        name: "reporting-scopes",
        app: "reporting",
        scopes: ["okta.apps.read", "okta.groups.read", "okta.users.read"],
      },
    ],
    roles: [
      { name: "reporting-role-read-only-admin", app: "reporting", type: "READ_ONLY_ADMIN" },
      {
        name: "reporting-role-custom-user-reader",
        app: "reporting",
        type: "CUSTOM",
        customRole: "admin-roles-role-user-reader",
        resourceSet: "admin-roles-set-all-users",
      },
    ],
    customRoles: [
      {
        name: "admin-roles-role-user-reader",
        label: "oktaplane dev user-reader",
        permissions: ["okta.users.read"],
      },
    ],
    resourceSets: [
      {
        name: "admin-roles-set-all-users",
        label: "oktaplane dev all-users",
        resources: ["/api/v1/users"],
      },
    ],
  });
  const readOnly = standardRole("READ_ONLY_ADMIN");
  const custom = customRoleAssignment(CR, RS, "Moveworks user reader");
  const snapshot = org({
    apps: [oidcApp({ id: A1, label: "Reporting", type: "service" })],
    grants: { [A1]: grants(A1, ["okta.users.read", "okta.logs.read"]) },
    clientRoles: { [A1]: [readOnly, custom] },
    customRoles: [
      reader,
      {
        role: { id: CR2, label: "wider", description: "" },
        permissions: [{ label: "okta.users.read" }, { label: "okta.groups.read" }],
      },
    ],
    resourceSets: [allUsers],
  });
  const rest = () => matchRest(d, snapshot, matchApps(d, snapshot.apps).matched);

  it("imports the grant set by app id and says what the first up grants and revokes", () => {
    const g = rest().find((x) => x.name === "reporting-scopes")!;
    expect(g.outcome).toMatchObject({ kind: "import", id: A1 });
    expect(g.notes).toEqual([
      "grants okta.apps.read, okta.groups.read",
      "revokes okta.logs.read (held beyond the declared capabilities; see the app report)",
    ]);
  });

  it("imports client role assignments as <clientId>/<assignmentId>, custom ones through their role and set", () => {
    const r = rest();
    expect(outcomeOf(r, "reporting-role-read-only-admin")).toMatchObject({
      kind: "import",
      id: `${A1}/${readOnly["id"]}`,
    });
    expect(outcomeOf(r, "reporting-role-custom-user-reader")).toMatchObject({
      kind: "import",
      id: `${A1}/${custom["id"]}`,
    });
  });

  it("finds a hand-made custom role by its permissions and keeps its label; a set by its members", () => {
    const r = rest();
    const role = r.find((x) => x.name === "admin-roles-role-user-reader")!;
    expect(role.outcome).toEqual({
      kind: "import",
      id: CR,
      oktaId: CR,
      via: "the same permissions okta.users.read",
    });
    expect(role.notes[0]).toContain('label "Moveworks user reader" is kept');
    expect(outcomeOf(r, "admin-roles-set-all-users")).toMatchObject({
      kind: "import",
      id: RS,
      via: "the same members /api/v1/users",
    });
  });

  it("creates a grant set for an app that holds no grant (the importer fails on none)", () => {
    const bare = org({ apps: [oidcApp({ id: A1, label: "Reporting", type: "service" })] });
    const g = matchRest(d, bare, matchApps(d, bare.apps).matched).find(
      (x) => x.name === "reporting-scopes",
    )!;
    expect(g.outcome).toEqual({ kind: "create", why: `app ${A1} holds no grant yet` });
  });

  it("says a pinned role assignment that no longer exists is gone", () => {
    const pinned = {
      ...d,
      adopt: {
        import: { "reporting-role-read-only-admin": `${A1}/JBCUYUC7IRCVGS27GONE00` },
        labels: {},
        publishedKeys: {},
      },
    };
    expect(
      outcomeOf(
        matchRest(pinned, snapshot, matchApps(pinned, snapshot.apps).matched),
        "reporting-role-read-only-admin",
      ),
    ).toEqual({
      kind: "gone",
      id: `${A1}/JBCUYUC7IRCVGS27GONE00`,
      why: `oktaplane:adopt.import.reporting-role-read-only-admin: client ${A1} has no role assignment JBCUYUC7IRCVGS27GONE00`,
    });
  });

  it("takes the org's ACTIVE telephony hook, whatever its name", () => {
    const hooks = [
      {
        id: oktaId("cal", 1),
        name: "old",
        status: "INACTIVE",
        type: "com.okta.telephony.provider",
        channel: { config: { uri: "https://a.example/t" } },
      },
      {
        id: oktaId("cal", 2),
        name: "BYOT",
        status: "ACTIVE",
        type: "com.okta.telephony.provider",
        channel: { config: { uri: "https://b.example/t" } },
      },
    ];
    const withHook = desired({
      inlineHooks: [
        {
          name: "telephony-provider-hook",
          hookName: "Twilio Verify telephony",
          uri: "https://x/okta/telephony",
          events: [],
          hookType: "com.okta.telephony.provider",
        },
      ],
    });
    expect(matchRest(withHook, org({ inlineHooks: hooks }), new Map())[0]!.outcome).toMatchObject({
      kind: "import",
      id: oktaId("cal", 2),
    });
  });
});

describe("choose", () => {
  const c = (x: { id: string; status: string }) => ({ id: x.id, label: x.id, status: x.status });
  it("returns nothing for no fit, and refuses two INACTIVE ones", () => {
    expect(choose([], c, "apps", "x")).toEqual({ notes: [] });
    expect(
      choose(
        [
          { id: "a", status: "INACTIVE" },
          { id: "b", status: "INACTIVE" },
        ],
        c,
        "apps",
        "x",
      ).refused,
    ).toMatchObject({
      kind: "refused",
      candidates: [{ id: "a" }, { id: "b" }],
    });
  });
});
