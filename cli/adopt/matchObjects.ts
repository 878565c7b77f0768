// Matching the objects that hang off the matched apps (grants, client role assignments) and the
// org-wide ones (custom roles, resource sets, hooks, authenticators, the API token) to what the
// stack declares, pure; the outcomes and the app matching are in match.ts.

import { IMPORT_IDS } from "../../components/importIds";
import { TWILIO_HOOK_NAMES } from "../../components/connectors/twilioVerify/sheet";
import { T, type Desired } from "./desired";
import {
  choose,
  clientIdOf,
  hostOf,
  isActive,
  pinKey,
  sameSet,
  sortByName,
  type Candidate,
  type Decision,
  type Outcome,
} from "./match";
import type { OrgApp, OrgEventHook, OrgRoleAssignment, OrgSnapshot } from "./org";

/** Phase 2: everything hanging off the matched apps, and the org-wide objects. */
export function matchRest(
  desired: Desired,
  org: OrgSnapshot,
  matched: ReadonlyMap<string, OrgApp>,
  unsettledApps: ReadonlySet<string> = new Set(),
): Decision[] {
  const out: Decision[] = [];
  const add = (name: string, type: string, outcome: Outcome, notes: string[] = []) =>
    out.push({ name, type, outcome, notes });
  // Grants and roles of an app that is not adopted: created with it, or waiting for its pin.
  const appUnsettled = (app: string) =>
    unsettledApps.has(app)
      ? ({
          kind: "refused",
          why: `waits for its app ${app}: settle that first`,
          candidates: [],
          blockedBy: app,
        } as const)
      : ({ kind: "create", why: `its app ${app} is created new` } as const);
  const pinned = (name: string) => desired.adopt.import[name];

  // Custom roles and resource sets first: CUSTOM role assignments are found through them.
  const usedRoleIds = new Set<string>();
  const usedSetIds = new Set<string>();
  for (const app of matched.values())
    for (const r of org.clientRoles[clientIdOf(app)] ?? []) {
      if (r.role) usedRoleIds.add(r.role);
      if (r.resourceSet) usedSetIds.add(r.resourceSet);
    }
  const roleIds = new Map<string, string>();
  for (const cr of desired.customRoles) {
    const outcome = byPinLabelOrContent({
      name: cr.name,
      what: "custom roles",
      pin: pinned(cr.name),
      objects: org.customRoles.map((o) => ({ ...o, status: "" })),
      label: cr.label,
      sameContent: (o) => sameSet(o.permissions, cr.permissions),
      content: `permissions ${cr.permissions.join(", ")}`,
      used: usedRoleIds,
    });
    const notes: string[] = [];
    if (outcome.kind === "import") {
      roleIds.set(cr.name, outcome.oktaId);
      const role = org.customRoles.find((o) => o.id === outcome.oktaId)!;
      if (role.label !== cr.label)
        notes.push(
          `label ${JSON.stringify(role.label)} is kept (oktaplane:adopt.labels): a new label would ` +
            "replace the role",
        );
      if (!sameSet(role.permissions, cr.permissions))
        notes.push(
          `permissions ${role.permissions.join(", ")} become ${cr.permissions.join(", ")}`,
        );
    }
    add(cr.name, T.customRole, outcome, notes);
  }
  const setIds = new Map<string, string>();
  for (const rs of desired.resourceSets) {
    const outcome = byPinLabelOrContent({
      name: rs.name,
      what: "resource sets",
      pin: pinned(rs.name),
      objects: org.resourceSets.map((o) => ({ ...o, status: "" })),
      label: rs.label,
      sameContent: (o) => sameSet(o.resources, rs.resources),
      content: `members ${rs.resources.join(", ")}`,
      used: usedSetIds,
    });
    const notes: string[] = [];
    if (outcome.kind === "import") {
      setIds.set(rs.name, outcome.oktaId);
      const set = org.resourceSets.find((o) => o.id === outcome.oktaId)!;
      if (set.label !== rs.label)
        notes.push(`label ${JSON.stringify(set.label)} becomes ${JSON.stringify(rs.label)}`);
      if (!sameSet(set.resources, rs.resources))
        notes.push(`members ${set.resources.join(", ")} become ${rs.resources.join(", ")}`);
    }
    add(rs.name, T.resourceSet, outcome, notes);
  }

  for (const g of desired.grants) {
    const app = matched.get(g.app);
    if (app === undefined) {
      add(g.name, T.grant, appUnsettled(g.app));
      continue;
    }
    const held = (org.grants[app.id] ?? []).filter((x) => isActive(x.status));
    const pin = pinned(g.name);
    if (pin !== undefined && pin !== app.id) {
      add(g.name, T.grant, {
        kind: "refused",
        why: `${pinKey(g.name)} is ${pin}, but its app ${g.app} is ${app.id}: the import id of a grant set is its app's id`,
        candidates: [],
      });
      continue;
    }
    if (held.length === 0) {
      // The provider's importer fails on an app without grants (components/importIds.ts).
      add(g.name, T.grant, { kind: "create", why: `app ${app.id} holds no grant yet` });
      continue;
    }
    const heldScopes = held.map((x) => x.scopeId);
    const revoked = heldScopes.filter((s) => !g.scopes.includes(s)).sort();
    const added = g.scopes.filter((s) => !heldScopes.includes(s));
    add(
      g.name,
      T.grant,
      { kind: "import", id: app.id, oktaId: app.id, via: `the grants of app ${app.id}` },
      [
        ...(added.length > 0 ? [`grants ${added.join(", ")}`] : []),
        ...(revoked.length > 0
          ? [
              `revokes ${revoked.join(", ")} (held beyond the declared capabilities; see the app report)`,
            ]
          : []),
      ],
    );
  }

  for (const r of desired.roles) {
    const app = matched.get(r.app);
    if (app === undefined) {
      add(r.name, T.role, appUnsettled(r.app));
      continue;
    }
    const clientId = clientIdOf(app);
    const assignments = org.clientRoles[clientId] ?? [];
    const pin = pinned(r.name);
    if (pin !== undefined) {
      const [pinClient, pinId] = pin.split("/");
      const found = assignments.find((a) => a.id === pinId);
      add(
        r.name,
        T.role,
        pinClient === clientId && found !== undefined
          ? { kind: "import", id: pin, oktaId: found.id, via: `pinned in ${pinKey(r.name)}` }
          : {
              kind: "gone",
              id: pin,
              why: `${pinKey(r.name)}: client ${clientId} has no role assignment ${pinId ?? pin}`,
            },
      );
      continue;
    }
    let fits: OrgRoleAssignment[];
    if (r.type !== "CUSTOM") fits = assignments.filter((a) => a.type === r.type);
    else {
      const role = r.customRole === undefined ? undefined : roleIds.get(r.customRole);
      const set = r.resourceSet === undefined ? undefined : setIds.get(r.resourceSet);
      if (role === undefined || set === undefined) {
        add(r.name, T.role, {
          kind: "create",
          why: "its custom role or resource set is created new, so no existing assignment can be it",
        });
        continue;
      }
      fits = assignments.filter(
        (a) => a.type === "CUSTOM" && a.role === role && a.resourceSet === set,
      );
    }
    const choice = choose(
      fits,
      (a) => ({ id: a.id, label: a.label, status: a.status }),
      "role assignments",
      r.name,
    );
    add(
      r.name,
      T.role,
      choice.refused ??
        (choice.pick === undefined
          ? { kind: "create", why: `client ${clientId} holds no ${r.type} assignment like it` }
          : {
              kind: "import",
              id: `${clientId}/${choice.pick.id}`,
              oktaId: choice.pick.id,
              via: `client ${clientId}'s ${choice.pick.label || r.type} assignment`,
            }),
      choice.notes,
    );
  }

  for (const h of desired.eventHooks) {
    const isFeedback = h.hookName === TWILIO_HOOK_NAMES.eventHook;
    add(
      h.name,
      T.eventHook,
      ...hookOutcome(
        h.name,
        pinned(h.name),
        org.eventHooks,
        [
          [`name ${JSON.stringify(h.hookName)}`, (o) => o.name === h.hookName],
          [`URI ${h.uri}`, (o) => o.uri === h.uri],
          ...(isFeedback
            ? ([
                [
                  "Twilio Verify preset: a hook to a Twilio Function (*.twil.io) or on the feedback events",
                  (o: OrgEventHook) =>
                    hostOf(o.uri).endsWith(".twil.io") ||
                    h.events.every((e) => o.events.includes(e)),
                ],
              ] as const)
            : []),
        ],
        (o) => [
          ...(o.name !== h.hookName
            ? [`name ${JSON.stringify(o.name)} becomes ${JSON.stringify(h.hookName)}`]
            : []),
          ...(o.uri !== h.uri
            ? [
                `URI ${o.uri} becomes ${h.uri}: Okta verifies the new URL on the first up (the old endpoint can then be retired)`,
              ]
            : []),
          "its auth header value is replaced by the stack's generated secret (Okta never returns the old one)",
        ],
      ),
    );
  }
  for (const h of desired.inlineHooks) {
    const sameType = org.inlineHooks.filter((o) => o.type === h.hookType);
    add(
      h.name,
      T.inlineHook,
      ...hookOutcome(
        h.name,
        pinned(h.name),
        sameType,
        [
          [`name ${JSON.stringify(h.hookName)}`, (o) => o.name === h.hookName],
          // Okta runs one ACTIVE telephony hook per org (PROVIDERS.md): that one is the org's BYOT.
          [`the org's ${h.hookType} hook`, () => true],
        ],
        (o) => [
          ...(o.name !== h.hookName
            ? [`name ${JSON.stringify(o.name)} becomes ${JSON.stringify(h.hookName)}`]
            : []),
          ...(o.uri !== h.uri ? [`URI ${o.uri} becomes ${h.uri}`] : []),
        ],
      ),
    );
  }

  for (const a of desired.authenticators) {
    const pin = pinned(a.name);
    const list = org.authenticators;
    if (list === undefined) {
      add(a.name, T.authenticator, {
        kind: "create",
        why: "the org has no Authenticators API (Classic engine)",
      });
      continue;
    }
    const found = list.find((x) => (pin === undefined ? x.key === a.key : x.id === pin));
    add(
      a.name,
      T.authenticator,
      found === undefined
        ? pin === undefined
          ? { kind: "create", why: `no ${a.key} authenticator in the org` }
          : { kind: "gone", id: pin, why: `${pinKey(a.name)}: authenticator ${pin} does not exist` }
        : { kind: "import", id: found.id, oktaId: found.id, via: `authenticator key ${a.key}` },
      found === undefined
        ? []
        : [
            `it is ${found.status}${found.status === "ACTIVE" ? "" : ": pulumi up activates it"}; ` +
              "the stack writes its settings over the org's",
          ],
    );
  }
  for (const f of desired.factors)
    // The Classic org factors API is not in Okta's management spec, so it is not read: every
    // Classic org has the okta_push factor, active or not, and its id is its provider id.
    add(f.name, T.factor, {
      kind: "import",
      id: f.key,
      oktaId: f.key,
      via: "the factor's provider id (not read)",
    });

  if (desired.apiToken !== undefined) {
    const { name, id } = desired.apiToken;
    const found = org.apiTokens.find((t) => t.id === id);
    add(
      name,
      T.apiToken,
      found === undefined
        ? {
            kind: "gone",
            id,
            why: `oktaplane:connectors.servicenowSpoke.apiTokenId: API token ${id} no longer exists (revoked?)`,
          }
        : {
            kind: "import",
            id,
            oktaId: id,
            via: "oktaplane:connectors.servicenowSpoke.apiTokenId",
          },
    );
  }
  for (const n of desired.notImportable)
    add(n.name, n.type, {
      kind: "create",
      why: IMPORT_IDS[n.type]?.note ?? "the provider cannot import it",
    });
  return sortByName(out);
}

type Fit<O> = readonly [string, (o: O) => boolean];

/** Pin, then each way of fitting in turn; the first that finds any object decides. */
function hookOutcome<O extends { id: string; name: string; status: string }>(
  name: string,
  pin: string | undefined,
  objects: readonly O[],
  fits: readonly Fit<O>[],
  notesOf: (o: O) => string[],
): [Outcome, string[]] {
  if (pin !== undefined) {
    const o = objects.find((x) => x.id === pin);
    return o === undefined
      ? [{ kind: "gone", id: pin, why: `${pinKey(name)}: hook ${pin} no longer exists` }, []]
      : [{ kind: "import", id: o.id, oktaId: o.id, via: `pinned in ${pinKey(name)}` }, notesOf(o)];
  }
  for (const [via, test] of fits) {
    const choice = choose(
      objects.filter(test),
      (o) => ({ id: o.id, label: o.name, status: o.status }),
      "hooks",
      name,
    );
    if (choice.refused) return [choice.refused, []];
    if (choice.pick)
      return [
        { kind: "import", id: choice.pick.id, oktaId: choice.pick.id, via },
        [...choice.notes, ...notesOf(choice.pick)],
      ];
  }
  return [{ kind: "create", why: "no hook in the org fits" }, []];
}

interface ContentMatch<O> {
  readonly name: string;
  readonly what: string;
  readonly pin: string | undefined;
  readonly objects: readonly O[];
  readonly label: string;
  readonly sameContent: (o: O) => boolean;
  readonly content: string;
  /** Ids that a matched app's role assignments use: the tie-breaker between equal objects. */
  readonly used: ReadonlySet<string>;
}

/** Custom roles and resource sets: pinned, or the same label, or the same content. */
function byPinLabelOrContent<O extends { id: string; label: string; status: string }>(
  m: ContentMatch<O>,
): Outcome {
  if (m.pin !== undefined) {
    const o = m.objects.find((x) => x.id === m.pin);
    return o === undefined
      ? { kind: "gone", id: m.pin, why: `${pinKey(m.name)}: ${m.pin} no longer exists in the org` }
      : { kind: "import", id: o.id, oktaId: o.id, via: `pinned in ${pinKey(m.name)}` };
  }
  const describe = (o: O): Candidate => ({ id: o.id, label: o.label, status: "ACTIVE" });
  const byLabel = m.objects.filter((o) => o.label === m.label);
  if (byLabel.length === 1)
    return {
      kind: "import",
      id: byLabel[0]!.id,
      oktaId: byLabel[0]!.id,
      via: `label ${JSON.stringify(m.label)}`,
    };
  let fits = m.objects.filter(m.sameContent);
  if (fits.length > 1 && fits.some((o) => m.used.has(o.id)))
    fits = fits.filter((o) => m.used.has(o.id));
  if (fits.length === 1)
    return { kind: "import", id: fits[0]!.id, oktaId: fits[0]!.id, via: `the same ${m.content}` };
  if (fits.length > 1 || byLabel.length > 1) {
    const all = fits.length > 1 ? fits : byLabel;
    return {
      kind: "refused",
      why: `${all.length} ${m.what} fit; adopt does not guess: pin the right one with ${pinKey(m.name)}: <id>`,
      candidates: all.map(describe),
    };
  }
  return { kind: "create", why: `no ${m.what.replace(/s$/, "")} with that label or ${m.content}` };
}
