// Renders a promotion report as text (terminal) or Markdown (PR comment / job summary).

import type { PromotionReport } from "./promoteReport";

const MAX_VALUE = 60;

function show(v: unknown): string {
  if (v === undefined) return "(unset)";
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const SIGN = { added: "+", removed: "-", changed: "~" } as const;

function configLines(r: PromotionReport): string[] {
  return r.config.changes.map((c) =>
    c.kind === "added"
      ? `+ ${c.path} = ${show(c.to)}`
      : c.kind === "removed"
        ? `- ${c.path} (was ${show(c.from)})`
        : `~ ${c.path}: ${show(c.from)} → ${show(c.to)}`,
  );
}

function resourceLines(r: PromotionReport): string[] {
  const d = r.resources;
  if (d === null) return ["(not planned: a config above does not validate)"];
  const lines = [
    ...d.added.map((x) => `+ ${x.type}  ${x.name}`),
    ...d.removed.map((x) => `- ${x.type}  ${x.name}`),
    ...d.changed.map(
      (x) =>
        `~ ${x.type}  ${x.name}: ` +
        x.changes.map((c) => `${c.key} ${show(c.from)} → ${show(c.to)}`).join(", "),
    ),
  ];
  return lines.length === 0 ? ["no change"] : lines;
}

function outcome(r: PromotionReport): string {
  if (r.written) return `Wrote ${r.file}.`;
  if (r.config.problems.length > 0) return `Not written: set the values above in ${r.file} first.`;
  if (r.config.changes.length === 0) return "Nothing to promote.";
  return `Nothing written; run again with --write to update ${r.file}.`;
}

function warningLines(r: PromotionReport): string[] {
  return r.warnings.length === 0
    ? []
    : ["", `Warnings (${r.warnings.length})`, ...r.warnings.map((w) => `  ! ${w}`)];
}

export function renderPromotionText(r: PromotionReport): string {
  const lines = [
    `oktaplane promote · ${r.from} → ${r.to} · ${r.file}`,
    "",
    ...(r.config.changes.length === 0
      ? [`Config: ${r.to} already has every promotable value of ${r.from}`]
      : [
          `Config changes in ${r.to} (${r.config.changes.length})`,
          ...configLines(r).map((l) => `  ${l}`),
        ]),
    ...(r.config.kept.length === 0
      ? []
      : [
          "",
          `Environment-specific, kept as ${r.to} has them (${r.config.kept.length})`,
          ...r.config.kept.map(
            (k) => `  = ${k.path}: ${r.from} ${show(k.source)}, ${r.to} ${show(k.target)}`,
          ),
        ]),
    ...warningLines(r),
    ...(r.config.problems.length === 0
      ? []
      : [
          "",
          `The promoted config would not validate (${r.config.problems.length})`,
          ...r.config.problems.map((p) => `  ! ${p.key}: ${p.message}`),
        ]),
    "",
    `Resources in ${r.to}'s plan, now → after promotion`,
    ...resourceLines(r).map((l) => `  ${l}`),
    "",
    r.missingSecrets.length === 0
      ? `Secrets: ${r.to} has every secret it needs`
      : `Secrets ${r.to} must set (${r.missingSecrets.length})`,
    ...r.missingSecrets.map((m) => `  ${m.command}   # ${m.requiredBy.join(", ")}`),
    "",
    outcome(r),
  ];
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderPromotionMarkdown(r: PromotionReport): string {
  const d = r.resources;
  const lines = [
    `### oktaplane promote: \`${r.from}\` → \`${r.to}\``,
    "",
    `**${r.config.changes.length} config changes** · ` +
      (d === null
        ? "resources not planned"
        : `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed resources`) +
      ` · ${r.missingSecrets.length} secrets to set`,
    "",
    ...(r.config.changes.length === 0
      ? [`No config changes: \`${r.to}\` already has every promotable value of \`${r.from}\`.`]
      : [
          "| | Config path | Now | After |",
          "| --- | --- | --- | --- |",
          ...r.config.changes.map(
            (c) =>
              `| ${SIGN[c.kind]} | \`${c.path}\` | ${cell(c.kind === "added" ? "" : show(c.from))} | ` +
              `${cell(c.kind === "removed" ? "" : show(c.to))} |`,
          ),
        ]),
    "",
    ...r.warnings.map((w) => `- ⚠️ ${cell(w)}`),
    ...(r.warnings.length === 0 ? [] : [""]),
    ...(r.config.kept.length === 0
      ? []
      : [
          `<details><summary>Environment-specific values kept (${r.config.kept.length})</summary>`,
          "",
          ...r.config.kept.map(
            (k) =>
              `- \`${k.path}\`: ${r.from} ${cell(show(k.source))}, ${r.to} ${cell(show(k.target))}`,
          ),
          "",
          "</details>",
          "",
        ]),
    ...(r.config.problems.length === 0
      ? []
      : [
          "**The promoted config would not validate:**",
          "",
          ...r.config.problems.map((p) => `- \`${p.key}\`: ${cell(p.message)}`),
          "",
        ]),
    `**Resources in \`${r.to}\`'s plan, now → after promotion**`,
    "",
    ...resourceLines(r).map((l) => `- ${cell(l)}`),
    "",
    ...(r.missingSecrets.length === 0
      ? ["**Secrets:** all set"]
      : [
          `**Secrets \`${r.to}\` must set:**`,
          "",
          "```sh",
          ...r.missingSecrets.map((m) => m.command),
          "```",
        ]),
    "",
    outcome(r),
  ];
  return lines.join("\n") + "\n";
}
