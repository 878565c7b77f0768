// What the real-engine build needs from the Go module proxy (see ../shared/ENGINE.md), one row per
// module@version to ask for, grouped by the need it would satisfy.
//
// Pseudo-versions are `vN.0.0-<commit time UTC>-<12 hex of the commit>`: none of these module
// paths (`provider/`, `sdk/nodejs/cmd/pulumi-language-nodejs`) has a tag of its own prefix, so Go
// bases the pseudo-version on vN.0.0. Commits and times were read from the repositories' git
// history (pulumi/pulumi, pulumi/pulumi-okta, okta/terraform-provider-okta, pulumi/pulumi-tls,
// pulumi/pulumi-random, pulumi/pulumi-cloudflare). The release commits the project pins
// (@pulumi/okta 7.0.0, tls 5.6.1, random 4.21.2, cloudflare 6.22.1, pulumi v3.274.1) are newer than
// any history reachable here, so for those the probe asks for the module's version list instead,
// and a real commit of the same module path stands in to show whether the path is served at all.

/** One need of the build; it is met when any of its targets is served. */
export type Need =
  | "cli"
  | "language-host"
  | "okta-provider"
  | "okta-upstream"
  | "bridge"
  | "plugin-sdk-fork"
  | "tls-provider"
  | "random-provider"
  | "cloudflare-provider";

/** Needs that block the issue when unmet (issue 12: the CLI and language host; okta's module,
 * its upstream and the bridge it needs). The others degrade the rehearsal, clearly reported. */
export const blockingNeeds: readonly Need[] = [
  "cli",
  "language-host",
  "okta-provider",
  "okta-upstream",
  "bridge",
  "plugin-sdk-fork",
];

export interface ProbeTarget {
  readonly need: Need;
  readonly module: string;
  /** Exact version to download; absent: ask for the module's version list. */
  readonly version?: string;
  /** Where the version comes from (tag and commit), for the record. */
  readonly source: string;
  /** Also resolve this main package's whole import graph in a throw-away wrapper module. */
  readonly deps?: { readonly main: string; readonly replaces: readonly string[] };
}

const sdk = "github.com/pulumi/pulumi/sdk/v3";
const pkg = "github.com/pulumi/pulumi/pkg/v3";
const languageHost = "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3";
const okta = "github.com/pulumi/pulumi-okta/provider";
const upstream = "github.com/okta/terraform-provider-okta";
const bridge = "github.com/pulumi/pulumi-terraform-bridge/v3";
const fork = "github.com/pulumi/terraform-plugin-sdk/v2";
// pkg/go.mod at both versions: `replace github.com/atotto/clipboard => github.com/tgummerer/clipboard …`.
const clipboard =
  "github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e";

export const probeTargets: readonly ProbeTarget[] = [
  {
    need: "cli",
    module: pkg,
    version: "v3.248.0",
    source: "tag pkg/v3.248.0 (dc7edd58bc13)",
    deps: { main: `${pkg}/cmd/pulumi`, replaces: [clipboard] },
  },
  { need: "cli", module: sdk, version: "v3.248.0", source: "tag sdk/v3.248.0" },
  { need: "cli", module: pkg, version: "v3.274.1", source: "fallback tag pkg/v3.274.1" },
  { need: "cli", module: sdk, version: "v3.274.1", source: "fallback tag sdk/v3.274.1" },
  // Newest the proxy lists on 2026-12-02 (its commit is not reachable, so no language-host row).
  { need: "cli", module: pkg, version: "v3.276.0", source: "newest listed tag pkg/v3.276.0" },
  {
    need: "language-host",
    module: languageHost,
    version: "v3.0.0-20260624180030-dc7edd58bc13",
    source: "commit dc7edd58bc13179f81b80983aab4eb7f74a01b41 (= pkg/v3.248.0)",
  },
  {
    need: "language-host",
    module: languageHost,
    version: "v3.0.0-20260820084410-a05d88f24d05",
    source:
      "commit a05d88f24d05726fa3beae771bfdedb0c0c6a94a (= pkg/v3.259.0, newest release reachable)",
  },
  {
    need: "language-host",
    module: languageHost,
    version: "v3.0.0-20260821191800-1b5949891b3c",
    source: "commit 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (newest commit reachable, 2026-08-21)",
  },
  {
    need: "language-host",
    module: languageHost,
    source: "version list (the v3.274.1 commit is not reachable here)",
  },
  { need: "okta-provider", module: `${okta}/v7`, source: "version list (v7.0.0's commit)" },
  {
    need: "okta-provider",
    module: `${okta}/v7`,
    version: "v7.0.0",
    source: "tag provider/v7.0.0, if the repository has one",
  },
  {
    need: "okta-provider",
    module: `${okta}/v6`,
    version: "v6.0.0-20260806041627-7723586ac663",
    source: "tag v6.11.0 = commit 7723586ac663b56632e0c26a4f05e190d3674355 (newest reachable)",
  },
  {
    need: "okta-provider",
    module: `${okta}/v6`,
    version: "v6.0.0-20251010063953-a51176c817a5",
    source: "tag v6.0.0 = commit a51176c817a53a46599717cfdfbae9b58e6892ac",
  },
  { need: "okta-upstream", module: upstream, source: "version list" },
  {
    need: "okta-upstream",
    module: upstream,
    version: "v0.0.0-20251006203258-056314906669",
    source:
      "submodule of pulumi-okta v6.0.0 = upstream v6.3.0, commit 0563149066694adec7e500c6d5f77105752ca1f9",
  },
  {
    need: "okta-upstream",
    module: upstream,
    version: "v0.0.0-20260610080325-e59c130b0b6e",
    source: "upstream v6.12.0 = commit e59c130b0b6e4b9f76aacbba437515cd5e95cc71 (newest reachable)",
  },
  {
    need: "bridge",
    module: bridge,
    version: "v3.135.0",
    source: "required by pulumi-okta v6.11.0",
  },
  {
    need: "bridge",
    module: bridge,
    version: "v3.137.0",
    source: "required by pulumi-okta master (82924e83)",
  },
  {
    need: "plugin-sdk-fork",
    module: fork,
    version: "v2.0.0-20260318212141-5525259d096b",
    source: "replace in pulumi-okta v6.11.0, pulumi-tls v5.5.1, pulumi-random v4.21.1",
  },
  {
    need: "tls-provider",
    module: "github.com/pulumi/pulumi-tls/provider/v5",
    source: "version list (v5.6.1's commit)",
  },
  {
    need: "tls-provider",
    module: "github.com/pulumi/pulumi-tls/provider/v5",
    version: "v5.0.0-20260722185624-c3b9a61e7075",
    source: "tag v5.5.1 = commit c3b9a61e70758bd93edf5699ed8c8ac9d1f53224 (newest reachable)",
  },
  {
    need: "random-provider",
    module: "github.com/pulumi/pulumi-random/provider/v4",
    source: "version list (v4.21.2's commit)",
  },
  {
    need: "random-provider",
    module: "github.com/pulumi/pulumi-random/provider/v4",
    version: "v4.0.0-20260722185042-f2d8b029d0f7",
    source: "tag v4.21.1 = commit f2d8b029d0f708bd14bad9479e016560de9c0b6d (newest reachable)",
  },
  {
    need: "cloudflare-provider",
    module: "github.com/pulumi/pulumi-cloudflare/provider/v6",
    source: "version list (v6.22.1's commit)",
  },
  {
    need: "cloudflare-provider",
    module: "github.com/pulumi/pulumi-cloudflare/provider/v6",
    version: "v6.0.0-20260522131604-6052b720f3a8",
    source: "tag v6.17.0 = commit 6052b720f3a89f0477aaa0a9b88a386f6293e255 (newest reachable)",
  },
];
