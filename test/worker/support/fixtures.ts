// Reads the documented Okta/Twilio samples from shared/fixtures, which sits beside the repository
// (a clone with shared/ as a sibling) or one level higher (a git worktree under wt/).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(__dirname, "../../..");

function findFixturesDir(): string {
  const candidates = [
    path.resolve(repoRoot, "../shared/fixtures"),
    path.resolve(repoRoot, "../../shared/fixtures"),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, "SOURCES.md")));
  if (!found) throw new Error(`shared/fixtures not found; looked in ${candidates.join(", ")}`);
  return found;
}

export const fixturesDir = findFixturesDir();

const texts = new Map<string, string>();

/** A JSON fixture, parsed fresh on every call so a test may mutate its copy (read once). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(fixturesDir, name), "utf8");
    texts.set(name, text);
  }
  return JSON.parse(text) as T;
}
