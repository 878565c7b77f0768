// After the deploy (and its re-run when a fault interrupted it): does the org hold exactly what the
// state says? Every app in Okta is in the state (no orphan from an interrupted create), and every
// app's JWKS holds exactly the keys its state declares (no second key from a retried write).

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id: string;
  readonly custom: boolean;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface StateExport {
  readonly resources: readonly StateResource[];
  /** Operations the engine started and never saw finish (`pending_operations`). */
  readonly pendingOperations: readonly { readonly urn: string; readonly type: string }[];
}

/** Parses `pulumi stack export` (deployment version 3); secrets stay ciphertext, never printed. */
export function parseStateExport(text: string): StateExport {
  const json = JSON.parse(text) as {
    deployment?: {
      resources?: Array<Record<string, unknown>>;
      pending_operations?: Array<{ resource?: Record<string, unknown>; type?: string }>;
    };
  };
  const resources = (json.deployment?.resources ?? []).map((r) => ({
    urn: String(r["urn"] ?? ""),
    type: String(r["type"] ?? ""),
    id: String(r["id"] ?? ""),
    custom: r["custom"] === true,
    protect: r["protect"] === true,
    retainOnDelete: r["retainOnDelete"] === true,
    inputs: (r["inputs"] ?? {}) as Record<string, unknown>,
  }));
  const pendingOperations = (json.deployment?.pending_operations ?? []).map((p) => ({
    urn: String(p.resource?.["urn"] ?? ""),
    type: String(p.type ?? ""),
  }));
  return { resources, pendingOperations };
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly appsInState: number;
  /** Apps in the org that no state resource owns, with their labels. */
  readonly orphanedApps: readonly { readonly id: string; readonly label: string }[];
  /** Apps whose live JWKS differs from the keys their state declares. */
  readonly keyMismatches: readonly {
    readonly urn: string;
    readonly declared: readonly string[];
    readonly live: readonly string[];
  }[];
  readonly pendingOperations: StateExport["pendingOperations"];
}

const OAUTH_APP = "okta:app/oAuth:OAuth";

export function checkIntegrity(
  state: StateExport,
  liveApps: readonly {
    readonly id: string;
    readonly label: string;
    readonly kids: readonly string[];
  }[],
  seededAppIds: ReadonlySet<string>,
): IntegrityReport {
  const apps = state.resources.filter((r) => r.type === OAUTH_APP && r.id !== "");
  const owned = new Set(apps.map((a) => a.id));
  const orphanedApps = liveApps
    .filter((a) => !owned.has(a.id) && !seededAppIds.has(a.id))
    .map((a) => ({ id: a.id, label: a.label }));
  const live = new Map(liveApps.map((a) => [a.id, a]));
  const keyMismatches = apps.flatMap((app) => {
    const declared = declaredKids(app.inputs);
    const kids = [...(live.get(app.id)?.kids ?? [])];
    const same =
      kids.length === declared.length && [...kids].sort().join() === [...declared].sort().join();
    return same ? [] : [{ urn: app.urn, declared, live: kids }];
  });
  return {
    ok:
      orphanedApps.length === 0 &&
      keyMismatches.length === 0 &&
      state.pendingOperations.length === 0,
    appsInState: apps.length,
    orphanedApps,
    keyMismatches,
    pendingOperations: state.pendingOperations,
  };
}

/** `jwks: [{kid, …}]` as the app's inputs hold it (components/serviceApp.ts). */
function declaredKids(inputs: Readonly<Record<string, unknown>>): string[] {
  const jwks = inputs["jwks"];
  if (!Array.isArray(jwks)) return [];
  return jwks.flatMap((k) =>
    k !== null && typeof k === "object" && typeof (k as { kid?: unknown }).kid === "string"
      ? [(k as { kid: string }).kid]
      : [],
  );
}
