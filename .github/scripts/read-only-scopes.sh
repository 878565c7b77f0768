#!/usr/bin/env bash
# The Okta scopes a read-only credential needs for one stack (previews, refresh, drift), derived
# from what the stack declares (`npm run plan`'s readOnlyScopes; docs/PROVIDER.md) rather than a
# hand-kept list, so a preview's token holds no manage scope. Writes `scopes=a,b,…` to
# $GITHUB_OUTPUT (stdout when unset). Usage: read-only-scopes.sh <stack> [plan options…]
#
# plan exits 1 for mandatory policy findings too, with the report (and its scopes) still printed:
# any exit is fine as long as the report has them; a config that does not validate has none.
set -uo pipefail
stack="${1:?usage: read-only-scopes.sh <stack> [plan options…]}"
shift
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
npm run --silent plan -- --stack "$stack" --json "$@" > "$report"
code=$?
scopes="$(node -e '
const fs = require("node:fs");
let r;
try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { process.exit(1); }
const list = r && r.readOnlyScopes && r.readOnlyScopes.scopes;
if (!Array.isArray(list)) process.exit(1);
process.stdout.write(list.map((s) => s.scope).join(","));
' "$report")" || {
  echo "::error::npm run plan -- --stack $stack exited $code without a report to take read-only scopes from; run it locally to see why" >&2
  exit 1
}
echo "scopes=$scopes" >> "${GITHUB_OUTPUT:-/dev/stdout}"
