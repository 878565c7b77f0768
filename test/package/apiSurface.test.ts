// Pins the package's public surface: a change to an exported component, arg or table type must
// show up as a diff of docs/API.txt in review (regenerate: npx tsx scripts/api-surface.ts > docs/API.txt).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { apiSurface } from "../../scripts/api-surface";

// A whole-program type check: 18 s alone, over 40 s during the full suite under load (as the
// package's subprocess tests, which got 90 s in e975dcf).
it("docs/API.txt is the current public surface of components/index.ts", () => {
  const surface = apiSurface();
  expect(surface).toBe(readFileSync(join(__dirname, "..", "..", "docs", "API.txt"), "utf8"));
  // A type the surface reaches but the entry does not export prints as an import of a source
  // path: a consumer could meet it but not name it.
  expect(surface).not.toContain(join(__dirname, "..", ".."));
}, 90_000);
