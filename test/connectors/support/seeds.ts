// Reads the vendor procedures in ../shared/seeds (from any checkout depth) and extracts the
// forms they ask a person to fill, so sheet tests follow the seed text rather than a copy of it.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function findSeedsDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "seeds");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no shared/seeds directory above ${__dirname}`);
  }
}

export function readSeed(name: string): string {
  return readFileSync(join(findSeedsDir(), name), "utf8");
}

/** The text between the first `start` (after `from`, if given) and the next `end`. */
export function between(text: string, start: string, end: string, from?: string): string {
  const origin = from === undefined ? 0 : text.indexOf(from);
  if (origin < 0) throw new Error(`seed has no ${JSON.stringify(from)}`);
  const i = text.indexOf(start, origin);
  if (i < 0) throw new Error(`seed has no ${JSON.stringify(start)}`);
  const j = text.indexOf(end, i + start.length);
  if (j < 0) throw new Error(`seed has no ${JSON.stringify(end)} after ${JSON.stringify(start)}`);
  return text.slice(i + start.length, j);
}

/** Non-empty trimmed lines. */
export function lines(block: string): string[] {
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/** Rows of a Markdown table (header and separator dropped), as trimmed cells. */
export function markdownTableRows(block: string): string[][] {
  return lines(block)
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .slice(1, l.endsWith("|") ? -1 : undefined)
        .split("|")
        .map((c) => c.trim()),
    )
    .slice(2);
}

/** A Moveworks field-name cell as the form labels it: no bold, no "(select field)"/"(optional)". */
export function formLabel(cell: string): string {
  return cell
    .replace(/\*\*/g, "")
    .replace(/\((select field|optional)\)/gi, "")
    .trim();
}
