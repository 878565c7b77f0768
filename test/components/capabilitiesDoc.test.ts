// docs/CAPABILITIES.md is the capability table, rendered: this fails when either drifts.
// Regenerate with: UPDATE_DOCS=1 npx vitest run test/components/capabilitiesDoc.test.ts

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { expect, it } from "vitest";
import { renderCapabilitiesDoc } from "../../components/capabilitiesDoc";

const DOC = path.join(__dirname, "../../docs/CAPABILITIES.md");

it("docs/CAPABILITIES.md matches the capability table", async () => {
  const options = (await prettier.resolveConfig(DOC)) ?? {};
  const rendered = await prettier.format(renderCapabilitiesDoc(), {
    ...options,
    parser: "markdown",
  });
  if (process.env["UPDATE_DOCS"] === "1") writeFileSync(DOC, rendered);
  expect(readFileSync(DOC, "utf8")).toBe(rendered);
});
