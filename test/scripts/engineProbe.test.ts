// The engine probe's reading of `go` output, its blocking rule and its table of targets. Pure:
// no `go` runs here, so this does not prove what the proxy serves (docs/ENGINE.md records a run).
import { describe, expect, it } from "vitest";
import { engineDir, goEnv, proxiesOnly } from "../../scripts/engine/goEnv";
import {
  blockedBy,
  classifyDownload,
  classifyGoError,
  classifyList,
  renderMarkdown,
  type ProbeResult,
} from "../../scripts/engine/probe";
import { blockingNeeds, probeTargets, type ProbeTarget } from "../../scripts/engine/probeTargets";

// Shapes of real answers recorded on this machine, with the proxy's host replaced.
const refusedError =
  "github.com/pulumi/pulumi-okta/provider/v7@v7.0.0: reading https://goproxy.example/github.com/pulumi/pulumi-okta/provider/v7/@v/v7.0.0.info: 403 Forbidden\n\tserver response: This module version is not available.";
const refusedListStderr =
  "go: module github.com/pulumi/pulumi-okta/provider/v7: reading https://goproxy.example/github.com/pulumi/pulumi-okta/provider/v7/@v/list: 403 Forbidden\n\tserver response: This module version is not available.\n";
const notFoundError =
  "github.com/pulumi/terraform-plugin-sdk/v2@v2.0.0-20250530111747-935112552988: verifying go.mod: reading https://goproxy.example/sumdb/lookup/x: 404 Not Found";

function result(target: ProbeTarget, outcome: ProbeResult["outcome"]): ProbeResult {
  return { target, outcome, detail: "", seconds: 0 };
}

describe("classifyGoError", () => {
  it("reads a 403 as refused and keeps the status and the server's words, without the URL", () => {
    const verdict = classifyGoError(refusedError);
    expect(verdict).toEqual({
      outcome: "refused",
      detail: "403 Forbidden: This module version is not available.",
    });
  });

  it("reads a 404 as not-found", () => {
    expect(classifyGoError(notFoundError)).toEqual({
      outcome: "not-found",
      detail: "404 Not Found",
    });
  });

  it("reads anything else as an error and names no host", () => {
    const verdict = classifyGoError(
      "go: github.com/x/y@v1.0.0: Get https://goproxy.example/x: dial tcp: lookup failed",
    );
    expect(verdict.outcome).toBe("error");
    expect(verdict.detail).not.toContain("goproxy.example");
  });
});

describe("classifyDownload", () => {
  it("is served when go prints a Zip path and exits 0", () => {
    const stdout = JSON.stringify({ Path: "m", Version: "v1.0.0", Zip: "/cache/m.zip" });
    expect(classifyDownload({ code: 0, stdout, stderr: "" }).outcome).toBe("served");
  });

  it("takes the Error field of the JSON when go reports one", () => {
    const stdout = JSON.stringify({ Path: "m", Version: "v7.0.0", Error: refusedError });
    expect(classifyDownload({ code: 1, stdout, stderr: "" }).outcome).toBe("refused");
  });
});

describe("classifyList", () => {
  it("reads the stderr of a refused version list", () => {
    expect(classifyList({ code: 1, stdout: "", stderr: refusedListStderr }).outcome).toBe(
      "refused",
    );
  });

  it("reports how many versions are listed and the newest three", () => {
    const stdout = JSON.stringify({
      Path: "m",
      Versions: ["v3.1.0", "v3.2.0", "v3.3.0", "v3.4.0"],
    });
    expect(classifyList({ code: 0, stdout, stderr: "" })).toEqual({
      outcome: "served",
      detail: "4 versions, newest v3.2.0 v3.3.0 v3.4.0",
    });
  });
});

describe("blockedBy", () => {
  const served = probeTargets.map((t) => result(t, "served"));

  it("is empty when every target is served", () => {
    expect(blockedBy(served)).toEqual([]);
  });

  it("names a blocking need none of whose targets is served", () => {
    const results = probeTargets.map((t) =>
      result(t, t.need === "language-host" ? "refused" : "served"),
    );
    expect(blockedBy(results)).toEqual(["language-host"]);
  });

  it("is met by one served target among refused alternatives (the v3.274.1 fallback)", () => {
    const results = probeTargets.map((t) =>
      result(t, t.need === "cli" && t.version !== "v3.274.1" ? "refused" : "served"),
    );
    expect(blockedBy(results)).toEqual([]);
  });

  it("does not block on tls, random or cloudflare alone: the rehearsal reports them missing", () => {
    const degraded = new Set(["tls-provider", "random-provider", "cloudflare-provider"]);
    const results = probeTargets.map((t) => result(t, degraded.has(t.need) ? "refused" : "served"));
    expect(blockedBy(results)).toEqual([]);
  });
});

describe("probeTargets", () => {
  it("has a target for every blocking need", () => {
    const needs = new Set(probeTargets.map((t) => t.need));
    for (const need of blockingNeeds) expect(needs, need).toContain(need);
  });

  // A pseudo-version derived here is vN.0.0-<14-digit UTC time>-<12 hex>: its hash must start the
  // commit the row cites and its major be the module path's, or the row probes a version that was
  // never meant. (Versions copied from a go.mod replace line cite that line, not a commit.)
  const derived = probeTargets.filter((t) => /commit [0-9a-f]{40}/.test(t.source));

  it("derives every pseudo-version of a module path without tags from a cited commit", () => {
    expect(derived.length).toBeGreaterThanOrEqual(8);
  });

  it.each(derived)("$module@$version matches the commit and major it cites", (target) => {
    const commit = /commit ([0-9a-f]{40})/.exec(target.source)![1]!;
    const [, major, hash] = /^v(\d+)\.0\.0-\d{14}-([0-9a-f]{12})$/.exec(target.version ?? "") ?? [];
    expect(hash, target.version).toBe(commit.slice(0, 12));
    const pathMajor = /\/v(\d+)$/.exec(target.module)?.[1] ?? "0";
    expect(major).toBe(pathMajor);
  });
});

describe("goEnv", () => {
  it("keeps the caches under the engine directory, which OKTAPLANE_ENGINE_DIR overrides", () => {
    const env = goEnv("https://goproxy.example,direct", { OKTAPLANE_ENGINE_DIR: "/e" });
    expect(engineDir({ OKTAPLANE_ENGINE_DIR: "/e" })).toBe("/e");
    expect(env.GOMODCACHE).toBe("/e/go/mod");
    expect(env.GOCACHE).toBe("/e/go/build");
    expect(env.GOFLAGS).toBe("-mod=mod -p=2");
  });

  it("drops direct and off so a refusal is the proxy's answer", () => {
    expect(proxiesOnly("https://a.example|https://b.example,direct")).toBe(
      "https://a.example,https://b.example",
    );
  });

  it("refuses a GOPROXY with no proxy in it, naming the variable", () => {
    expect(() => proxiesOnly("direct")).toThrow(/GOPROXY="direct" names no module proxy/);
  });
});

describe("renderMarkdown", () => {
  it("writes a header and one row per result", () => {
    const rows = renderMarkdown(probeTargets.slice(0, 2).map((t) => result(t, "served")));
    const lines = rows.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain("`github.com/pulumi/pulumi/pkg/v3@v3.248.0`");
    expect(lines[2]).toContain("**served**");
  });
});
