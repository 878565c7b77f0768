// docs/PROVIDER.md's table of per-environment rate-limit defaults says what config/defaults.ts
// does: this fails when one changes without the other.

import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { RATE_LIMIT_DEFAULTS } from "../../config/defaults";

it("docs/PROVIDER.md lists RATE_LIMIT_DEFAULTS for every setting and environment", () => {
  const doc = readFileSync(path.join(__dirname, "../../docs/PROVIDER.md"), "utf8");
  const table = Object.fromEntries(
    [...doc.matchAll(/^\| `(\w+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/gm)].map((m) => [
      m[1],
      { dev: Number(m[2]), staging: Number(m[3]), prod: Number(m[4]) },
    ]),
  );
  const expected = Object.fromEntries(
    Object.keys(RATE_LIMIT_DEFAULTS.dev).map((setting) => [
      setting,
      Object.fromEntries(
        (["dev", "staging", "prod"] as const).map((env) => [
          env,
          RATE_LIMIT_DEFAULTS[env][setting as keyof (typeof RATE_LIMIT_DEFAULTS)["dev"]],
        ]),
      ),
    ]),
  );
  expect(table).toEqual(expected);
});
