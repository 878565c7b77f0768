// A plan against an earlier plan of the same stack (`plan --against` / `--base`): which resources
// are created, deleted, updated (which inputs) and replaced (which force-new input, per the
// providers' schemas in replacements.ts), including replacements that cascade through inputs
// computed from a replaced resource, and which connectors' vendor forms then hold stale values.

import { isDeepStrictEqual } from "node:util";
import type { LaterValue } from "../../components/connectors/footprint";
import type { ResourceRecord } from "./evaluate";
import type { ConnectorPlan } from "./planConnectors";
import type { PlanValue } from "./planValue";
import { UNKNOWN } from "./planValue";

/** An input whose value will come from a resource being replaced: new, not yet known. */
export const FROM_REPLACEMENT = "[from a replaced resource]";
import { forceNewKey, forceNewRule, FORCE_NEW } from "./replacements";

export interface ResourceRef {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
}

export interface InputChange {
  readonly key: string;
  readonly from?: PlanValue;
  readonly to?: PlanValue;
}

export interface ReplaceReason {
  readonly input: string;
  /** Why this input replaces: its own change, or the replacement it is computed from. */
  readonly because: string;
  /** Where the force-new rule comes from (provider source file). */
  readonly source: string;
}

export interface ResourceUpdate extends ResourceRef {
  readonly changes: InputChange[];
}

export interface ResourceReplacement extends ResourceUpdate {
  readonly reasons: ReplaceReason[];
}

/** A connector whose vendor form holds values the replacements change. */
export interface VendorReconfiguration {
  readonly connector: string;
  readonly title: string;
  readonly because: string[];
  /** Handoff fields (`Form › Name`) to paste again after `pulumi up`. */
  readonly fields: string[];
  /** The command that prints them. */
  readonly command: string;
}

export interface PlanDiff {
  /** What the plan was compared with: a `plan --json` file, or a git ref's plan. */
  readonly against: string;
  readonly created: ResourceRef[];
  readonly deleted: ResourceRef[];
  readonly updated: ResourceUpdate[];
  readonly replaced: ResourceReplacement[];
  readonly vendorReconfigurations: VendorReconfiguration[];
}

/** The fields of a resource that the diff compares: its inputs and its two lifecycle flags. */
function fields(r: Pick<ResourceRecord, "inputs" | "protect" | "retainOnDelete">) {
  return { ...r.inputs, "(protect)": r.protect, "(retainOnDelete)": r.retainOnDelete } as Record<
    string,
    PlanValue
  >;
}

function inputChanges(before: ResourceRecord, after: ResourceRecord): InputChange[] {
  const [a, b] = [fields(before), fields(after)];
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !isDeepStrictEqual(a[k], b[k]))
    .sort()
    .map((key) => ({
      key,
      ...(a[key] === undefined ? {} : { from: a[key] }),
      ...(b[key] === undefined ? {} : { to: b[key] }),
    }));
}

const show = (v: PlanValue | undefined) => (v === undefined ? "(unset)" : JSON.stringify(v));
const ref = (r: ResourceRef): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name });
const byUrn = (a: ResourceRef, b: ResourceRef) => a.urn.localeCompare(b.urn);

/** What a replacement of each resource type changes that a vendor form may hold. */
const REPLACEMENT_CHANGES: Readonly<Record<string, { what: string; values: LaterValue[] }>> = {
  "okta:app/oAuth:OAuth": { what: "a new client id", values: ["clientId", "clientSecret"] },
  "tls:index/privateKey:PrivateKey": {
    what: "a new key and key id",
    values: ["kid", "privateKeyPem"],
  },
  // Deleting an okta.ApiToken revokes the token (PROVIDERS.md): a new one must be made and set.
  "okta:index/apiToken:ApiToken": { what: "the API token revoked", values: ["apiToken"] },
  "random:index/randomPassword:RandomPassword": { what: "a new hook secret", values: [] },
};

function vendorReconfigurations(
  replaced: readonly ResourceReplacement[],
  connectors: readonly ConnectorPlan[],
  stack: string,
  externalReceiver: boolean,
): VendorReconfiguration[] {
  const out: VendorReconfiguration[] = [];
  for (const c of connectors) {
    const mine = new Set([...c.resources, ...c.shared].map((r) => `${r.type} ${r.name}`));
    const because: string[] = [];
    const values = new Set<LaterValue>();
    let hookSecret = false;
    for (const r of replaced) {
      const change = REPLACEMENT_CHANGES[r.type];
      if (change === undefined || !mine.has(`${r.type} ${r.name}`)) continue;
      const used = change.values.filter((v) => c.handoff?.some((h) => h.from.includes(v)));
      const secret = r.type === "random:index/randomPassword:RandomPassword";
      if (used.length === 0 && !(secret && externalReceiver)) continue;
      used.forEach((v) => values.add(v));
      hookSecret ||= secret;
      because.push(`${r.type} ${r.name} is replaced: ${change.what}`);
    }
    if (because.length === 0) continue;
    const fields = (c.handoff ?? [])
      .filter((h) => h.from.some((v) => values.has(v)))
      .map((h) => h.field);
    out.push({
      connector: c.id,
      title: c.title,
      because:
        hookSecret && externalReceiver
          ? [...because, "the receiver at hookReceiver.externalUrl must be given the new secret"]
          : because,
      fields,
      command: `npm run handoff -- --stack ${stack} --connector ${c.id}`,
    });
  }
  return out;
}

/**
 * Compares two plans of one stack, custom resources only (components hold nothing in a cloud).
 * `after` must carry propertyDependencies for replacements to cascade; `before` need not.
 */
export function diffPlans(
  before: readonly ResourceRecord[],
  after: readonly ResourceRecord[],
  context: {
    readonly against: string;
    readonly stack: string;
    readonly connectors: readonly ConnectorPlan[];
  },
): PlanDiff {
  const old = new Map(before.filter((r) => r.custom).map((r) => [r.urn, r]));
  const now = new Map(after.filter((r) => r.custom).map((r) => [r.urn, r]));
  const updates = new Map<string, InputChange[]>();
  const reasons = new Map<string, ReplaceReason[]>();

  for (const [urn, r] of now) {
    const prev = old.get(urn);
    if (prev === undefined) continue;
    const changes = inputChanges(prev, r);
    if (changes.length === 0) continue;
    updates.set(urn, changes);
    const key = forceNewKey(r.type, r.inputs);
    const own = changes.flatMap((c) => {
      const rule = forceNewRule(key, c.key, c.from, c.to);
      if (rule === undefined) return [];
      const because = `${c.key}: ${show(c.from)} → ${show(c.to)}${rule.note ? ` (${rule.note})` : ""}`;
      return [{ input: c.key, because, source: FORCE_NEW[key]!.source }];
    });
    if (own.length > 0) reasons.set(urn, own);
  }

  // A replaced resource's outputs are unknown until it exists again, so every input computed
  // from them changes; a force-new one replaces that resource too (and so on down the chain).
  for (let grew = true; grew;) {
    grew = false;
    for (const [urn, r] of now) {
      if (!old.has(urn)) continue;
      const key = forceNewKey(r.type, r.inputs);
      for (const [input, sources] of Object.entries(r.propertyDependencies ?? {})) {
        const from = sources.find((s) => reasons.has(s));
        if (from === undefined) continue;
        const changes = updates.get(urn) ?? [];
        if (!changes.some((c) => c.key === input)) {
          const was = old.get(urn)!.inputs[input];
          updates.set(urn, [
            ...changes,
            { key: input, ...(was === undefined ? {} : { from: was }), to: FROM_REPLACEMENT },
          ]);
        }
        const rule = forceNewRule(key, input, old.get(urn)!.inputs[input], UNKNOWN);
        const existing = reasons.get(urn) ?? [];
        if (rule === undefined || existing.some((e) => e.input === input)) continue;
        const source = now.get(from) ?? old.get(from);
        reasons.set(urn, [
          ...existing,
          {
            input,
            because: `${input} comes from ${source?.type ?? "?"} ${source?.name ?? from}, which is replaced`,
            source: FORCE_NEW[key]!.source,
          },
        ]);
        grew = true;
      }
    }
  }

  const replaced: ResourceReplacement[] = [];
  const updated: ResourceUpdate[] = [];
  for (const [urn, changes] of updates) {
    const r = now.get(urn)!;
    const sorted = [...changes].sort((a, b) => a.key.localeCompare(b.key));
    const why = reasons.get(urn);
    if (why === undefined) updated.push({ ...ref(r), changes: sorted });
    else replaced.push({ ...ref(r), changes: sorted, reasons: why });
  }
  const externalReceiver =
    after.some((r) => r.type === "random:index/randomPassword:RandomPassword") &&
    !after.some((r) => r.type === "cloudflare:index/workersScript:WorkersScript");
  replaced.sort(byUrn);
  return {
    against: context.against,
    created: [...now.values()]
      .filter((r) => !old.has(r.urn))
      .map(ref)
      .sort(byUrn),
    deleted: [...old.values()]
      .filter((r) => !now.has(r.urn))
      .map(ref)
      .sort(byUrn),
    updated: updated.sort(byUrn),
    replaced,
    vendorReconfigurations: vendorReconfigurations(
      replaced,
      context.connectors,
      context.stack,
      externalReceiver,
    ),
  };
}
