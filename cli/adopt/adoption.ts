// Puts one adopt run together, pure: every declared resource's outcome, the audit of each adopted
// app, the key plans, what the org holds that the stack does not manage, the `oktaplane:adopt`
// value to write, other config the run can fill in (an API token id) and the import file.

import type { AdoptConfig } from "../../config/schema";
import type { MissingSecret } from "../../config/secrets";
import type { ResourceRecord } from "../lib/evaluate";
import { T, type Desired } from "./desired";
import { importFile, type ImportFile } from "./importFile";
import { keyPlan, type KeyPlan } from "./keys";
import { matchApps, type Candidate, type Decision } from "./match";
import { matchRest } from "./matchObjects";
import type { OrgApp, OrgSnapshot } from "./org";
import { auditApp, type AppAudit } from "./privileges";

export interface NotManaged {
  readonly kind: string;
  readonly id: string;
  readonly label: string;
  readonly status: string;
}

export interface ConfigChange {
  /** Below `oktaplane:`, e.g. `connectors.servicenowSpoke.apiTokenId`. */
  readonly path: readonly string[];
  readonly value: unknown;
  readonly why: string;
}

export interface Problem {
  readonly name: string;
  readonly message: string;
  readonly candidates: readonly Candidate[];
}

export interface AdoptionResult {
  readonly decisions: readonly Decision[];
  readonly audits: readonly AppAudit[];
  readonly keys: readonly KeyPlan[];
  readonly notManaged: readonly NotManaged[];
  /** Apps in DELETED state seen in the listing: leftovers, never adopted. */
  readonly deletedApps: number;
  readonly adopt: AdoptConfig;
  readonly changes: readonly ConfigChange[];
  /** API-token facts a person must act on (values are never read). */
  readonly tokens: readonly string[];
  readonly importFile: ImportFile;
  /** Refused and gone outcomes: nothing is written until they are settled. */
  readonly problems: readonly Problem[];
}

const isServiceApp = (a: OrgApp) => a.applicationType === "service";
const isServiceNowApp = (a: OrgApp) =>
  a.redirectUris.some((u) => /^https:\/\/[^/]+\.service-now\.com\//.test(u));

export function planAdoption(
  desired: Desired,
  org: OrgSnapshot,
  resources: readonly ResourceRecord[],
  missingSecrets: readonly MissingSecret[] = [],
): AdoptionResult {
  const apps = matchApps(desired, org.apps);
  const unsettled = new Set(
    apps.decisions
      .filter((d) => d.outcome.kind === "refused" || d.outcome.kind === "gone")
      .map((d) => d.name),
  );
  const decisions = [
    ...apps.decisions.map((d) => withRoleWarning(d, apps.matched.get(d.name), org)),
    ...matchRest(desired, org, apps.matched, unsettled),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const outcome = (name: string) => decisions.find((d) => d.name === name)?.outcome;

  const audits: AppAudit[] = [];
  const keys: KeyPlan[] = [];
  for (const app of desired.apps) {
    const matched = apps.matched.get(app.name);
    if (matched === undefined) continue;
    const grant = desired.grants.find((g) => g.app === app.name);
    const grantImported = grant !== undefined && outcome(grant.name)?.kind === "import";
    audits.push(auditApp(app, matched, org, desired, grantImported));
    const plan = keyPlan(desired.stack, app, matched, org);
    if (plan !== undefined) keys.push(plan);
  }

  const imports: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const d of decisions) {
    if (d.outcome.kind !== "import") continue;
    // The API token's import is the stack's own (connectors.servicenowSpoke.apiTokenId).
    if (d.type !== T.apiToken) imports[d.name] = d.outcome.id;
    if (d.type === T.customRole) {
      const oktaId = d.outcome.oktaId;
      const role = org.customRoles.find((r) => r.id === oktaId);
      const declared = desired.customRoles.find((r) => r.name === d.name);
      if (role !== undefined && declared !== undefined && role.label !== declared.label)
        labels[d.name] = role.label;
    }
  }
  const publishedKeys = Object.fromEntries(
    keys.filter((k) => k.keep.length > 0).map((k) => [k.app, [...k.keep]]),
  );

  const { changes, tokens } = apiTokenFacts(desired, org, missingSecrets);
  const problems = decisions.flatMap((d): Problem[] =>
    (d.outcome.kind === "refused" && d.outcome.blockedBy === undefined) || d.outcome.kind === "gone"
      ? [
          {
            name: d.name,
            message: d.outcome.why,
            candidates: d.outcome.kind === "refused" ? d.outcome.candidates : [],
          },
        ]
      : [],
  );

  return {
    decisions,
    audits,
    keys,
    notManaged: notManaged(desired, org, decisions),
    deletedApps: org.apps.filter((a) => a.status === "DELETED").length,
    adopt: { import: imports, labels, publishedKeys },
    changes,
    tokens,
    importFile: importFile(resources, imports),
    problems,
  };
}

/**
 * An adopted app that holds admin roles: Okta refuses to update it for a deploying credential less
 * privileged than those roles (terraform-provider-okta#2025), and the first up does update it.
 */
function withRoleWarning(d: Decision, app: OrgApp | undefined, org: OrgSnapshot): Decision {
  const roles = app === undefined ? [] : (org.clientRoles[app.clientId ?? app.id] ?? []);
  if (d.outcome.kind !== "import" || roles.length === 0) return d;
  return {
    ...d,
    notes: [
      ...d.notes,
      `it holds ${roles.map((r) => r.type).join(", ")}: deploy the first up with a credential at ` +
        "least as privileged, or Okta refuses the update (terraform-provider-okta#2025)",
    ],
  };
}

/** Integration-like objects in the org that no declared resource matched. */
function notManaged(
  desired: Desired,
  org: OrgSnapshot,
  decisions: readonly Decision[],
): NotManaged[] {
  const taken = new Set(
    decisions.flatMap((d) => (d.outcome.kind === "import" ? [d.outcome.oktaId] : [])),
  );
  if (desired.apiToken !== undefined) taken.add(desired.apiToken.id);
  const out: NotManaged[] = [];
  const push = (kind: string, id: string, label: string, status: string) => {
    if (!taken.has(id) && status !== "DELETED") out.push({ kind, id, label, status });
  };
  for (const a of org.apps) {
    if (isServiceApp(a)) push("API Services app", a.id, a.label, a.status);
    else if (isServiceNowApp(a)) push("ServiceNow OAuth app", a.id, a.label, a.status);
  }
  for (const h of org.eventHooks) push("event hook", h.id, `${h.name} → ${h.uri}`, h.status);
  for (const h of org.inlineHooks)
    push(`inline hook (${h.type})`, h.id, `${h.name} → ${h.uri}`, h.status);
  for (const r of org.customRoles) push("custom role", r.id, r.label, "");
  for (const s of org.resourceSets) push("resource set", s.id, s.label, "");
  for (const t of org.apiTokens)
    push("API token", t.id, `${t.name} (${t.clientName || "console"})`, "");
  return out;
}

/** Which connector might use which token; what the stack can fill in, what a person must set. */
function apiTokenFacts(
  desired: Desired,
  org: OrgSnapshot,
  missing: readonly MissingSecret[],
): { changes: ConfigChange[]; tokens: string[] } {
  const changes: ConfigChange[] = [];
  const tokens: string[] = [];
  if (desired.tokenUsers.length === 0) return { changes, tokens };
  const named = (re: RegExp) => org.apiTokens.filter((t) => re.test(t.name));
  if (desired.tokenUsers.includes("servicenow-spoke") && desired.apiToken === undefined) {
    const fits = named(/servicenow|service-now|snow/i);
    if (fits.length === 1)
      changes.push({
        path: ["connectors", "servicenowSpoke", "apiTokenId"],
        value: fits[0]!.id,
        why: `the API token named ${JSON.stringify(fits[0]!.name)}: the stack then imports it (okta.ApiToken) and can confine it to a network zone`,
      });
    else if (fits.length > 1)
      tokens.push(
        `${fits.length} API tokens are named like ServiceNow's (${fits.map((t) => `${t.name} ${t.id}`).join(", ")}): ` +
          "set oktaplane:connectors.servicenowSpoke.apiTokenId to the one the spoke uses",
      );
  }
  const secretMissing = missing.some((m) => m.key === "oktaApiToken");
  tokens.push(
    `${desired.tokenUsers.join(", ")} hand out oktaplane:oktaApiToken. Okta never returns a ` +
      "token's value, so adopt cannot read it: " +
      (secretMissing
        ? `set it with pulumi config set --secret oktaplane:oktaApiToken --stack ${desired.stack} ` +
          "(the value the vendor has today, so nothing is re-pasted)"
        : "it is already set in the stack"),
  );
  return { changes, tokens };
}
