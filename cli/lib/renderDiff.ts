// Renders a plan's changes against an earlier plan (planDiff.ts) as text and Markdown: the
// counts, each changed resource with the inputs that change, each replacement with its reasons,
// and the vendor forms that need values pasted again.

import type { PlanDiff, ResourceReplacement, ResourceUpdate } from "./planDiff";
import type { PlanValue } from "./planValue";

const MAX_VALUE = 60;

function show(v: PlanValue | undefined): string {
  if (v === undefined) return "(unset)";
  if (typeof v === "string" && v.length > MAX_VALUE) return `<${v.length} chars>`;
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const changeList = (u: ResourceUpdate, skip: ReadonlySet<string> = new Set()) =>
  u.changes
    .filter((c) => !skip.has(c.key))
    .map((c) => `${c.key} ${show(c.from)} → ${show(c.to)}`)
    .join(", ");

/** The changes a replacement's reasons do not already spell out. */
const otherChanges = (r: ResourceReplacement) =>
  changeList(r, new Set(r.reasons.map((x) => x.input)));

const reasonList = (r: ResourceReplacement) => r.reasons.map((x) => x.because).join("; ");

/** `1 to create · 2 to update · …`. */
export function diffCounts(d: PlanDiff): string {
  return [
    `${d.created.length} to create`,
    `${d.updated.length} to update`,
    `${d.replaced.length} to replace`,
    `${d.deleted.length} to delete`,
  ].join(" · ");
}

export function diffText(d: PlanDiff): string[] {
  const none =
    d.created.length + d.updated.length + d.replaced.length + d.deleted.length === 0
      ? ["  no change"]
      : [];
  return [
    `Changes against ${d.against}: ${diffCounts(d)}`,
    ...none,
    ...d.created.map((r) => `  +  ${r.type}  ${r.name}`),
    ...d.updated.map((u) => `  ~  ${u.type}  ${u.name}: ${changeList(u)}`),
    ...d.replaced.flatMap((r) => [
      `  +- ${r.type}  ${r.name}: replaced because ${reasonList(r)}`,
      ...(otherChanges(r) === "" ? [] : [`       also: ${otherChanges(r)}`]),
    ]),
    ...d.deleted.map((r) => `  -  ${r.type}  ${r.name}`),
    "",
    ...(d.vendorReconfigurations.length === 0
      ? []
      : [
          `Vendor reconfiguration required (${d.vendorReconfigurations.length})`,
          ...d.vendorReconfigurations.flatMap((v) => [
            `  ! ${v.connector} · ${v.title}`,
            ...v.because.map((b) => `      ${b}`),
            v.fields.length === 0
              ? "      nothing in its handoff sheet changes"
              : `      paste again after pulumi up: ${v.fields.join(", ")}`,
            `      ${v.command}`,
          ]),
          "",
        ]),
  ];
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** One line per vendor form to fix, for the top of a PR comment. */
export function reconfigurationLines(d: PlanDiff): string[] {
  return d.vendorReconfigurations.map(
    (v) =>
      `- ⚠️ **Vendor reconfiguration required: \`${v.connector}\`** — ${cell(v.because.join("; "))}. ` +
      (v.fields.length === 0
        ? "Nothing in its handoff sheet changes."
        : `After \`pulumi up\`, paste again: ${v.fields.map((f) => `**${cell(f)}**`).join(", ")} ` +
          `(\`${v.command}\`).`),
  );
}

/** The full table of changes (folded in a PR comment). */
export function diffMarkdownTable(d: PlanDiff): string[] {
  const rows = [
    ...d.created.map((r) => `| create | \`${r.type}\` | \`${cell(r.name)}\` | |`),
    ...d.updated.map(
      (u) => `| update | \`${u.type}\` | \`${cell(u.name)}\` | ${cell(changeList(u))} |`,
    ),
    ...d.replaced.map(
      (r) =>
        `| **replace** | \`${r.type}\` | \`${cell(r.name)}\` | ${cell(reasonList(r))}` +
        `${otherChanges(r) === "" ? "" : ` (also ${cell(otherChanges(r))})`} |`,
    ),
    ...d.deleted.map((r) => `| delete | \`${r.type}\` | \`${cell(r.name)}\` | |`),
  ];
  if (rows.length === 0) return ["No resource changes."];
  return ["| Change | Type | Name | Inputs |", "| --- | --- | --- | --- |", ...rows];
}
