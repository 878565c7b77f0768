// Pins the package's public surface: a change to an exported component, arg or table type must
// show up as a diff of docs/API.txt in review (regenerate: npx tsx scripts/api-surface.ts > docs/API.txt).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { apiSurface } from "../../scripts/api-surface";

// A whole-program type check: 18 s alone, over 40 s during the full suite under load (as the
// package's subprocess tests, which got 90 s in e975dcf).
it("docs/API.txt is the current public surface of components/index.ts", () => {
  expect(apiSurface()).toBe(readFileSync(join(__dirname, "..", "..", "docs", "API.txt"), "utf8"));
}, 90_000);
