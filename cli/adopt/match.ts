// Matching what an org has to what a stack declares, pure; this file holds the outcomes and the
// apps (matchObjects.ts the rest). Every declared Okta resource gets one outcome: import (with the
// id the provider's importer takes), create, refused (several objects fit: adopt never guesses),
// or gone (a pinned id that no longer exists). Pins are the stack's own `oktaplane:adopt.import`
// entries, so a user settles any ambiguity by writing one id by hand.

import { T, type Desired, type DesiredApp } from "./desired";
import type { OrgApp } from "./org";

export interface Candidate {
  readonly id: string;
  readonly label: string;
  readonly status: string;
}

export type Outcome =
  | {
      readonly kind: "import";
      /** The id the provider's importer takes (components/importIds.ts). */
      readonly id: string;
      /** The Okta object's own id. */
      readonly oktaId: string;
      /** How it was found. */
      readonly via: string;
    }
  | { readonly kind: "create"; readonly why: string }
  | {
      readonly kind: "refused";
      readonly why: string;
      readonly candidates: readonly Candidate[];
      /** Refused only because this other resource is (settling that one settles this). */
      readonly blockedBy?: string;
    }
  | { readonly kind: "gone"; readonly id: string; readonly why: string };

export interface Decision {
  readonly name: string;
  readonly type: string;
  readonly outcome: Outcome;
  /** What importing changes or keeps (label, DPoP, status, …), for the report. */
  readonly notes: readonly string[];
}

export const pinKey = (name: string) => `oktaplane:adopt.import.${name}`;
export const isLive = (status: string) => status !== "DELETED";
export const isActive = (status: string) => status === "ACTIVE" || status === "";

interface Choice<X> {
  readonly pick?: X;
  readonly refused?: Outcome;
  readonly notes: string[];
}

/**
 * One object among those that fit: the only ACTIVE one, else the only INACTIVE one. Several at
 * the same level is refused, naming each, because either could be the one a vendor uses.
 */
export function choose<X extends { id: string; status: string }>(
  fits: readonly X[],
  describe: (x: X) => Candidate,
  what: string,
  name: string,
): Choice<X> {
  const live = fits.filter((x) => isLive(x.status));
  const active = live.filter((x) => isActive(x.status));
  const level = active.length > 0 ? active : live;
  if (level.length === 0) return { notes: [] };
  if (level.length > 1)
    return {
      refused: {
        kind: "refused",
        why:
          `${level.length} ${active.length > 0 ? "ACTIVE" : "INACTIVE"} ${what} fit; adopt does not ` +
          `guess: pin the right one with ${pinKey(name)}: <id>`,
        candidates: level.map(describe),
      },
      notes: [],
    };
  const pick = level[0]!;
  const others = live.filter((x) => x !== pick);
  return {
    pick,
    notes: [
      ...(isActive(pick.status) ? [] : [`it is ${pick.status}: pulumi up activates it`]),
      ...others.map(
        (o) => `${describe(o).label} (${o.id}, ${o.status}) also fits and is left as it is`,
      ),
    ],
  };
}

const appCandidate = (a: OrgApp): Candidate => ({ id: a.id, label: a.label, status: a.status });
export const clientIdOf = (a: OrgApp) => a.clientId ?? a.id;

/** Okta's two API-services flavours of an OIDC app, told apart by application_type. */
const isOidc = (a: OrgApp) => a.name === "oidc_client" || a.signOnMode === "OPENID_CONNECT";

/** The preset's own way to recognise a hand-made app when no label matches. */
function presetFits(app: DesiredApp, apps: readonly OrgApp[]): { fits: OrgApp[]; via: string } {
  if (app.preset === "moveworks")
    return {
      fits: apps.filter(
        (a) =>
          isOidc(a) && a.applicationType === "service" && /moveworks|agent studio/i.test(a.label),
      ),
      via: 'Moveworks preset: an API Services app labelled "Moveworks" or "Agent Studio…" (the seed\'s example)',
    };
  if (app.preset === "servicenow-spoke")
    return {
      fits: apps.filter(
        (a) =>
          isOidc(a) &&
          a.applicationType === "web" &&
          a.redirectUris.some((u) => app.redirectUris.includes(u)),
      ),
      via: `ServiceNow spoke preset: a web app redirecting to ${app.redirectUris.join(", ")}`,
    };
  return { fits: [], via: "" };
}

/** Why importing this org app as the declared one would go wrong, if it would. */
function incompatibility(app: DesiredApp, org: OrgApp): string | undefined {
  if (!isOidc(org)) return `${org.id} is a ${org.signOnMode || org.name} app, not an OAuth app`;
  if (org.applicationType !== app.type)
    return (
      `${org.id} is a ${org.applicationType ?? "?"} app and the stack declares a ${app.type} app: ` +
      "the provider replaces an app whose type changes (a new client id), so it is not adopted"
    );
  return undefined;
}

function appNotes(app: DesiredApp, org: OrgApp): string[] {
  const notes: string[] = [];
  if (org.label !== app.label)
    notes.push(`label ${JSON.stringify(org.label)} becomes ${JSON.stringify(app.label)}`);
  const method = org.tokenEndpointAuthMethod;
  if (
    method !== undefined &&
    app.tokenEndpointAuthMethod !== "" &&
    method !== app.tokenEndpointAuthMethod
  )
    notes.push(
      `client authentication ${method} becomes ${app.tokenEndpointAuthMethod}: the vendor must ` +
        "switch to the stack's key in the same change window (see the key plan)",
    );
  if (app.requireDpop !== undefined && org.dpopBound !== app.requireDpop)
    notes.push(
      `DPoP ${org.dpopBound ? "required" : "off"} becomes ${app.requireDpop ? "required" : "off"}`,
    );
  if (org.jwksUri !== undefined)
    notes.push(
      `its keys come from jwks_uri ${org.jwksUri}: the stack publishes its own JWKS instead`,
    );
  return notes;
}

/** Phase 1: which org app each declared app is. */
export function matchApps(
  desired: Desired,
  apps: readonly OrgApp[],
): { decisions: Decision[]; matched: Map<string, OrgApp> } {
  const decisions: Decision[] = [];
  const matched = new Map<string, OrgApp>();
  const claimed = new Set<string>();
  // Pinned apps first, so a label or preset match never takes an app pinned to another name.
  const order = [...desired.apps].sort(
    (a, b) => Number(b.name in desired.adopt.import) - Number(a.name in desired.adopt.import),
  );
  for (const app of order) {
    const decide = (outcome: Outcome, notes: string[] = []) =>
      decisions.push({ name: app.name, type: T.app, outcome, notes });
    const pin = desired.adopt.import[app.name];
    let pick: OrgApp | undefined;
    let via = "";
    let notes: string[] = [];
    if (pin !== undefined) {
      pick = apps.find((a) => (a.id === pin || a.clientId === pin) && isLive(a.status));
      if (pick === undefined) {
        decide({
          kind: "gone",
          id: pin,
          why: `${pinKey(app.name)}: app ${pin} no longer exists in the org (deleted, or another org)`,
        });
        continue;
      }
      via = `pinned in ${pinKey(app.name)}`;
    } else {
      const free = apps.filter((a) => !claimed.has(a.id));
      let fits = free.filter((a) => a.label === app.label);
      via = `label ${JSON.stringify(app.label)}`;
      if (fits.filter((a) => isLive(a.status)).length === 0)
        ({ fits, via } = presetFits(app, free));
      const choice = choose(fits, appCandidate, `apps`, app.name);
      if (choice.refused) {
        decide(choice.refused);
        continue;
      }
      if (choice.pick === undefined) {
        decide({ kind: "create", why: `no app labelled ${JSON.stringify(app.label)}` });
        continue;
      }
      pick = choice.pick;
      notes = choice.notes;
    }
    const bad = incompatibility(app, pick);
    if (bad !== undefined) {
      decide({ kind: "refused", why: bad, candidates: [appCandidate(pick)] });
      continue;
    }
    claimed.add(pick.id);
    matched.set(app.name, pick);
    decide({ kind: "import", id: pick.id, oktaId: pick.id, via }, [
      ...notes,
      ...appNotes(app, pick),
    ]);
  }
  return { decisions: sortByName(decisions), matched };
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function hostOf(uri: string): string {
  try {
    return new URL(uri).hostname;
  } catch {
    return "";
  }
}

export function sortByName(d: Decision[]): Decision[] {
  return d.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
