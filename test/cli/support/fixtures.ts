// Locates ../shared/fixtures (Okta's documented payloads) from any checkout depth: the main clone
// has shared/ beside it, a worktree under wt/ has it two levels up.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function findFixturesDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, "shared", "fixtures");
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(`no shared/fixtures directory above ${__dirname}`);
    }
  }
}

/** Parses one fixture file by name. */
export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(findFixturesDir(), name), "utf8")) as T;
}
