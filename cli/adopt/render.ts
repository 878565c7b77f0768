// Renders an adopt report as terminal text or Markdown (a PR comment). Reports hold no secret by
// construction (cli/adopt/org.ts copies public fields only); rendering only arranges them.

import type { AdoptConfig } from "../../config/schema";
import type { Decision } from "./match";
import type { AppAudit } from "./privileges";
import type { AdoptReport, BudgetUse } from "./report";

const KIND_WORD = { import: "import", create: "create", refused: "REFUSED", gone: "GONE" } as const;

function counts(report: AdoptReport): string {
  const by = (k: Decision["outcome"]["kind"]) =>
    report.resources.filter((d) => d.outcome.kind === k).length;
  return (
    `${by("import")} import · ${by("create")} create` +
    (by("refused") + by("gone") > 0 ? ` · ${by("refused") + by("gone")} to settle` : "")
  );
}

function outcomeText(d: Decision): string {
  const o = d.outcome;
  switch (o.kind) {
    case "import":
      return `← ${o.id}  (${o.via})`;
    case "create":
      return `— ${o.why}`;
    case "refused":
    case "gone":
      return `— ${o.why}`;
  }
}

function candidatesOf(d: Decision): string[] {
  return d.outcome.kind === "refused"
    ? d.outcome.candidates.map((c) => `${c.id} ${JSON.stringify(c.label)} ${c.status}`.trim())
    : [];
}

function auditLines(a: AppAudit, indent: string): string[] {
  const list = (xs: readonly string[]) => (xs.length === 0 ? "nothing" : xs.join(", "));
  const held = a.inferred.map((c) =>
    c.groups === undefined ? c.capability : `${c.capability} (groups ${c.groups.join(", ")})`,
  );
  return [
    `${a.name} ← ${a.app.id} ${JSON.stringify(a.app.label)} (${a.app.status})`,
    `${indent}declares  ${list(a.declared.capabilities)}`,
    `${indent}holds     ${list(held)}  (from ${a.held.scopes.length} scopes, ${a.held.roles.length} roles)`,
    `${indent}matches   ${list(a.matches)}`,
    `${indent}adds      ${list([...a.adds.scopes, ...a.adds.roles])}`,
    ...(a.beyond.length === 0
      ? [`${indent}beyond    nothing: it holds exactly what the stack declares, or less`]
      : a.beyond.flatMap((b, i) => [
          `${indent}${i === 0 ? "beyond    " : "          "}${b.kind} ${b.privilege}` +
            (b.capability ? ` (part of ${b.capability})` : ""),
          `${indent}            vendor: ${b.vendor}`,
          `${indent}            up:     ${b.fate}`,
        ])),
    ...a.keep.map((k) => `${indent}to keep   ${k.capability}: ${k.how}`),
  ];
}

function configSummary(adopt: AdoptConfig): string {
  const kids = Object.entries(adopt.publishedKeys).map(
    ([app, keys]) => `${app}: ${keys.map((k) => k.kid).join(", ")}`,
  );
  return (
    `${Object.keys(adopt.import).length} import ids` +
    (Object.keys(adopt.labels).length > 0
      ? `, ${Object.keys(adopt.labels).length} kept labels`
      : "") +
    (kids.length > 0 ? `, published keys (${kids.join("; ")})` : "")
  );
}

function budgetText(b: BudgetUse): string {
  return b.perMinute === undefined
    ? `${b.bucket} ${b.calls}`
    : `${b.bucket} ${b.calls}/${b.perMinute} per min (${(100 * (b.share ?? 0)).toFixed(1)} %)`;
}

export function renderText(report: AdoptReport): string {
  const lines = [
    `oktaplane adopt · stack ${report.stack} · ${report.orgUrl}` +
      (report.readFrom === report.orgUrl ? "" : ` (read from ${report.readFrom})`),
    `read-only, as ${report.credential}; scopes: ${report.readScopes.join(", ")}`,
    "",
    `Resources (${report.resources.length}): ${counts(report)}`,
    ...report.resources.flatMap((d) => [
      `  ${KIND_WORD[d.outcome.kind].padEnd(7)} ${d.name}  ${outcomeText(d)}`,
      ...candidatesOf(d).map((c) => `            · ${c}`),
      ...d.notes.map((n) => `            · ${n}`),
    ]),
    "",
    ...(report.apps.length === 0
      ? []
      : [
          "Adopted apps: privileges",
          ...report.apps.flatMap((a) => auditLines(a, "    ").map((l) => `  ${l}`)),
          "",
        ]),
    ...(report.keys.length === 0
      ? []
      : [
          "Keys: the vendor switches to the stack's key",
          ...report.keys.flatMap((k) => [
            `  ${k.app} (client ${k.clientId}, ${k.method})`,
            ...k.steps.map((s, i) => `    ${i + 1}. ${s}`),
          ]),
          "",
        ]),
    `Not managed by this stack (${report.notManaged.length})` +
      (report.deletedApps > 0 ? ` · ${report.deletedApps} deleted app(s) ignored` : ""),
    ...report.notManaged.map((n) =>
      `  ${n.kind} ${n.id} ${JSON.stringify(n.label)} ${n.status}`.trimEnd(),
    ),
    "",
    ...(report.tokens.length === 0
      ? []
      : ["API tokens", ...report.tokens.map((t) => `  ${t}`), ""]),
    `oktaplane:adopt: ${configSummary(report.config.adopt)}`,
    ...report.config.changes.map(
      (c) => `  also oktaplane:${c.path.join(".")} = ${JSON.stringify(c.value)}: ${c.why}`,
    ),
    `Import file (pulumi import --file): ${report.importFile.resources.filter((r) => !r.component).length} resources`,
    `Okta calls: ${report.calls.total} · ${report.calls.budget.map(budgetText).join(" · ")}` +
      (report.calls.waits > 0
        ? ` · waited ${(report.calls.waitedMs / 1000).toFixed(1)} s (${report.calls.waits}×)`
        : ""),
    "",
    ...(report.problems.length === 0
      ? [
          report.written === null
            ? "Nothing written: run again with --write to edit the stack file (comments kept) and write the import file."
            : `Written: ${report.written.stackFile}, ${report.written.importFile}. Next: npm run plan -- --stack ${report.stack}, then pulumi preview.`,
        ]
      : [
          `To settle before anything is written (${report.problems.length}):`,
          ...report.problems.map((p) => `  ${p.name}: ${p.message}`),
        ]),
  ];
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderMarkdown(report: AdoptReport): string {
  const lines = [
    `### oktaplane adopt: \`${report.stack}\``,
    "",
    `Org \`${report.orgUrl}\` · read-only as ${report.credential} · **${counts(report)}**`,
    "",
    "| Outcome | Resource | Okta | Notes |",
    "| --- | --- | --- | --- |",
    ...report.resources.map((d) => {
      const o = d.outcome;
      const okta = o.kind === "import" ? `\`${o.id}\` (${cell(o.via)})` : cell(o.why);
      const notes = [...candidatesOf(d), ...d.notes].map(cell).join("<br>");
      return `| ${KIND_WORD[o.kind]} | \`${d.name}\` | ${okta} | ${notes} |`;
    }),
    "",
    ...report.apps.flatMap((a) => [
      `<details><summary>App <code>${a.name}</code>: ${a.beyond.length} held beyond the declared capabilities</summary>`,
      "",
      "```",
      ...auditLines(a, "  "),
      "```",
      "",
      "</details>",
      "",
    ]),
    ...report.keys.flatMap((k) => [
      `**Key switch for \`${k.app}\`** (client \`${k.clientId}\`)`,
      "",
      ...k.steps.map((s, i) => `${i + 1}. ${cell(s)}`),
      "",
    ]),
    `**Not managed by this stack (${report.notManaged.length})**` +
      (report.deletedApps > 0 ? ` · ${report.deletedApps} deleted app(s) ignored` : ""),
    "",
    ...report.notManaged.map((n) =>
      `- ${n.kind} \`${n.id}\` ${cell(JSON.stringify(n.label))} ${n.status}`.trimEnd(),
    ),
    "",
    ...report.tokens.map((t) => `- ${cell(t)}`),
    ...(report.tokens.length === 0 ? [] : [""]),
    `\`oktaplane:adopt\`: ${configSummary(report.config.adopt)} · import file: ` +
      `${report.importFile.resources.filter((r) => !r.component).length} resources · Okta calls: ${report.calls.total}`,
    "",
    ...(report.problems.length === 0
      ? []
      : [
          "**To settle before anything is written:**",
          "",
          ...report.problems.map((p) => `- \`${p.name}\`: ${cell(p.message)}`),
          "",
        ]),
  ];
  return lines.join("\n") + "\n";
}
