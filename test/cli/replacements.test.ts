// The force-new table (cli/lib/replacements.ts) against the providers' own schemas: every input
// it names exists in the package's types (node_modules/@pulumi/*, authoritative) and, for Okta,
// in the reference schema; where the provider replaces on every input (role assignments, random
// passwords) the table lists every input; and the dynamic DPoP entry matches that provider's
// own diff(). It cannot prove the Terraform schemas' ForceNew flags themselves: those are cited.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { APP, startDpopOrg } from "../components/support/dpopOrg";
import { describe, expect, it } from "vitest";
import { appDpopProvider } from "../../components/appDpop";
import { REPO_ROOT } from "../../cli/lib/stackFile";
import { FORCE_NEW, forceNewRule } from "../../cli/lib/replacements";

const reference = JSON.parse(
  readFileSync(
    path.resolve(REPO_ROOT, "../shared/reference/pulumi-okta-schema-v6.15.json"),
    "utf8",
  ),
) as { resources: Record<string, { inputProperties?: Record<string, unknown> }> };

/** The input names of a resource's `<Name>Args` interface in its package's typings. */
function argsOf(token: string): string[] {
  const [pkg, module, name] = token.split(":") as [string, string, string];
  const mod = module.split("/")[0]!;
  const dir = path.join(REPO_ROOT, "node_modules", "@pulumi", pkg, mod === "index" ? "" : mod);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".d.ts"))) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const start = text.indexOf(`export interface ${name}Args {`);
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf("\n}", start));
    return [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]!);
  }
  throw new Error(`no ${name}Args in ${dir}`);
}

const types = Object.keys(FORCE_NEW).filter((t) => !t.startsWith("dynamic:"));

describe("the force-new table", () => {
  it.each(types)("%s: every input it names is an input of the resource", (token) => {
    const args = argsOf(token);
    for (const rule of FORCE_NEW[token]!.rules) expect(args, rule.input).toContain(rule.input);
    if (token.startsWith("okta:")) {
      const inputs = Object.keys(reference.resources[token]?.inputProperties ?? {});
      for (const rule of FORCE_NEW[token]!.rules) expect(inputs, rule.input).toContain(rule.input);
    }
    expect(FORCE_NEW[token]!.source).toMatch(/\.go|\.ts/);
  });

  it.each([
    "okta:app/oauthRoleAssignment:OauthRoleAssignment",
    "random:index/randomPassword:RandomPassword",
  ])("%s replaces on every input, so the table lists them all", (token) => {
    expect(FORCE_NEW[token]!.rules.map((r) => r.input).sort()).toEqual(argsOf(token).sort());
  });

  it("names the inputs the issue's examples turn on", () => {
    const inputs = (t: string) => FORCE_NEW[t]!.rules.map((r) => r.input);
    expect(inputs("okta:app/oAuth:OAuth")).toContain("type");
    expect(inputs("okta:index/adminRoleCustom:AdminRoleCustom")).toEqual(["label"]);
    expect(inputs("okta:index/appOauthApiScope:AppOauthApiScope")).toEqual(["appId"]);
  });

  it("omitSecret replaces only from true to false (the provider's CustomizeDiff)", () => {
    const key = "okta:app/oAuth:OAuth";
    expect(forceNewRule(key, "omitSecret", true, false)).toBeDefined();
    expect(forceNewRule(key, "omitSecret", false, true)).toBeUndefined();
    expect(forceNewRule(key, "label", "a", "b")).toBeUndefined();
  });

  it("the DPoP setting's entry is exactly what its provider's diff() replaces on", async () => {
    // diff() reads the live flag when no input it compares changed: give it an org that has the app.
    const org = await startDpopOrg({ dpop: true });
    const saved = { ...process.env };
    Object.assign(process.env, { OKTA_HTTP_PROXY: org.url, OKTA_API_TOKEN: org.ssws });
    const base = {
      kind: "okta-app-dpop",
      orgUrl: "https://dev-1.okta.com",
      appId: APP,
      requireDpop: true,
      appRevision: "r1",
      throttle: {},
    };
    const replacing: string[] = [];
    for (const key of Object.keys(base)) {
      const news = {
        ...base,
        [key]: key === "requireDpop" ? false : `${String(base[key as keyof typeof base])}x`,
      };
      try {
        const d = await appDpopProvider.diff!(APP, base as never, news as never);
        replacing.push(...(d.replaces ?? []));
      } catch (err) {
        process.env = saved;
        await org.close();
        throw err;
      }
    }
    process.env = saved;
    await org.close();
    expect(replacing.sort()).toEqual(
      FORCE_NEW["dynamic:okta-app-dpop"]!.rules.map((r) => r.input).sort(),
    );
  });
});
