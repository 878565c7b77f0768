// The offline plan's PR comment for every stack at once, within GitHub's comment size limit:
// each stack's summary comes first and always stays (counts, replacements, vendor forms, policy,
// secrets, deployer scopes); the folded details follow, most important first across all stacks,
// and a section that no longer fits is dropped whole, with a line that says so and links to the
// job summary (which has everything). Every <details> it opens, it closes.

import type { ConfigProblem } from "../../config/errors";
import type { PlanReport } from "./planReport";
import { markdownPlan, type MarkdownSection } from "./renderPlan";

/** GitHub refuses comment bodies over 65,536 characters; this leaves room to spare. */
export const COMMENT_LIMIT = 65_000;

/** The first line of the comment, by which later runs find and edit it. */
export const COMMENT_MARKER = "<!-- oktaplane-offline-plan -->";

/** One stack's outcome: its report, or why there is none. */
export type StackPlan =
  | { readonly stack: string; readonly report: PlanReport }
  | { readonly stack: string; readonly problems: readonly ConfigProblem[] }
  | { readonly stack: string; readonly failure: string };

export interface CommentOptions {
  readonly limit?: number;
  /** Where the full plans are (the workflow run's job summaries). */
  readonly summaryUrl: string;
  /** The commit planned, for the header. */
  readonly commit?: string;
}

const MAX_PROBLEMS = 20;
const MAX_FAILURE_LINES = 40;

function failedSummary(p: Exclude<StackPlan, { report: PlanReport }>): string {
  if ("problems" in p) {
    const shown = p.problems.slice(0, MAX_PROBLEMS);
    return [
      `### oktaplane plan: \`${p.stack}\` — configuration invalid`,
      "",
      ...shown.map((x) => `- \`${x.key}\`: ${x.message.replace(/\n/g, " ")}`),
      ...(p.problems.length > shown.length
        ? [`- …and ${p.problems.length - shown.length} more (job summary)`]
        : []),
      "",
    ].join("\n");
  }
  const lines = p.failure.trimEnd().split("\n");
  return [
    `### oktaplane plan: \`${p.stack}\` — the plan did not run`,
    "",
    "```",
    ...lines.slice(-MAX_FAILURE_LINES).map((l) => l.replace(/```/g, "'''")),
    "```",
    "",
  ].join("\n");
}

function omittedLine(titles: readonly string[], url: string): string {
  return (
    `_Left out to stay under GitHub's comment size limit: ${titles.join(", ")}. ` +
    `Everything is in the [job summary](${url})._\n`
  );
}

export function buildComment(plans: readonly StackPlan[], options: CommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT;
  const header = [
    COMMENT_MARKER,
    "#### oktaplane offline plan",
    "",
    "No deploy secrets for this PR, so this is `npm run plan` (mock runtime, same policies), " +
      `not \`pulumi preview\`${options.commit ? `, at commit ${options.commit.slice(0, 7)}` : ""}. ` +
      `[Full plans](${options.summaryUrl}).`,
    "",
    "",
  ].join("\n");

  const stacks = plans.map((p) => {
    if ("report" in p) {
      const md = markdownPlan(p.report);
      return { summary: md.summary, sections: md.sections };
    }
    return { summary: failedSummary(p), sections: [] as MarkdownSection[] };
  });
  // Room for each stack's "left out" line, whatever it ends up listing.
  const reserve = (s: (typeof stacks)[number]) =>
    s.sections.length === 0
      ? 0
      : omittedLine(
          s.sections.map((x) => x.title),
          options.summaryUrl,
        ).length + 1;

  let used = header.length;
  const shownStacks: number[] = [];
  const droppedStacks: string[] = [];
  stacks.forEach((s, i) => {
    const cost = s.summary.length + 1 + reserve(s);
    if (used + cost <= limit - 200) {
      used += cost;
      shownStacks.push(i);
    } else {
      droppedStacks.push(plans[i]!.stack);
    }
  });

  // Details round by round (every stack's first section, then every second, …), so no stack's
  // resource table crowds out another stack's policy findings.
  const included = stacks.map((s) => s.sections.map(() => false));
  const rounds = Math.max(0, ...stacks.map((s) => s.sections.length));
  for (let round = 0; round < rounds; round++) {
    for (const i of shownStacks) {
      const section = stacks[i]!.sections[round];
      if (section === undefined) continue;
      const cost = section.body.length + 1;
      if (used + cost <= limit - 200) {
        used += cost;
        included[i]![round] = true;
      }
    }
  }

  const body = [
    header,
    ...shownStacks.map((i) => {
      const s = stacks[i]!;
      const omitted = s.sections.filter((_, k) => !included[i]![k]).map((x) => x.title);
      return [
        s.summary,
        ...s.sections.filter((_, k) => included[i]![k]).map((x) => x.body),
        ...(omitted.length === 0 ? [] : [omittedLine(omitted, options.summaryUrl)]),
      ].join("\n");
    }),
    ...(droppedStacks.length === 0
      ? []
      : [
          `_Stacks left out to stay under GitHub's comment size limit: ${droppedStacks.join(", ")}. ` +
            `See the [job summary](${options.summaryUrl})._\n`,
        ]),
  ].join("\n");
  if (body.length > limit) throw new Error(`comment is ${body.length} characters, over ${limit}`);
  return body;
}
