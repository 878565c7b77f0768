// The npm package as another team's program sees it: `npm pack`, the tarball installed into a
// program outside this repository with only the package's runtime dependencies beside it, then
// strict tsc against the shipped .d.ts, and the program loaded through @pulumi/pulumi's own
// TypeScript registration (as the engine's cmd/run does) under the mock runtime.
// Not proven here: that the real engine deploys it (test/engine does, when an engine is built).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, DEPLOYER, dpopInputs, startDpopOrg } from "../components/support/dpopOrg";

const repo = join(__dirname, "..", "..");
const repoModules = join(repo, "node_modules");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  files: string[];
};

let work: string;
let consumer: string;
let tarball: string;

/** Links a package from this repo's node_modules into the consumer's (scoped names too). */
function link(name: string): void {
  const target = join(consumer, "node_modules", name);
  mkdirSync(join(target, ".."), { recursive: true });
  symlinkSync(join(repoModules, name), target, "dir");
}

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { AdminRoles, CAPABILITIES, HookReceiver, Moveworks, ServiceApp, serviceAppFactory, type CustomCapabilityDefinition, type ServiceAppStackOutput } from "oktaplane";

const orgUrl = "https://acme.okta.com";
const adminRoles = new AdminRoles("admin-roles", { orgUrl, labelPrefix: "consumer dev" });
const exporter = new ServiceApp("user-reader", { orgUrl, capabilities: ["read-users"], requireDpop: false, adminRoles });
// A capability of the consumer's own, checked against Okta's names shipped in dist/spec.
const siemExport: CustomCapabilityDefinition = { description: "SIEM export", scopes: ["okta.logs.read"], roles: ["REPORT_ADMIN"] };
new ServiceApp("siem", { orgUrl, capabilities: ["siem-export"], customCapabilities: { "siem-export": siemExport }, adminRoles });
const exported: Record<string, ServiceAppStackOutput> = {};
const factory = serviceAppFactory({ orgUrl, adminRoles, throttle: { maxRetries: 3, minWaitSeconds: 1, maxWaitSeconds: 30, requestTimeout: 60, maxApiCapacity: 50 }, protect: false, exported });
const moveworks = new Moveworks("moveworks", {
  context: { stack: "dev", environment: "dev", orgUrl, orgName: "acme", engine: "oie" },
  moveworks: { auth: "jwt", capabilities: ["read-only"] },
  serviceApp: factory,
});
const receiver = new HookReceiver("hooks", {
  cloudflareAccountId: "0123456789abcdef0123456789abcdef",
  workersDevSubdomain: "acme",
  compatibilityDate: "2026-01-01",
  okta: { orgUrl, clientId: exporter.clientId, privateKeyPem: exporter.stackOutput.privateKeyPem, kid: exporter.stackOutput.activeKid, requireDpop: false },
  twilio: { accountSid: "AC00000000000000000000000000000000", verifyServiceSid: "VA00000000000000000000000000000000", authToken: pulumi.secret("test-auth-token") },
});
export const scopesOfReadUsers: readonly string[] = CAPABILITIES["read-users"].scopes;
export const exporterClientId = exporter.clientId;
export const hookUrl = receiver.eventsUrl;
export const moveworksBundle = moveworks.bundle;
`;

// A plain CommonJS runner: mocks first, then the SDK's own ts-node registration, then the program.
const RUNNER = `
const pulumi = require("@pulumi/pulumi");
const path = require("node:path");
const registrations = [];
const key = require("node:crypto").generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
pulumi.runtime.setMocks({
  newResource: (args) => {
    registrations.push({ type: args.type, name: args.name, inputs: Object.keys(args.inputs).sort() });
    const state = { ...args.inputs, clientId: "0oa" + args.name };
    // tls.PrivateKey computes its PEM; the components derive the public JWK from it.
    if (args.type === "tls:index/privateKey:PrivateKey") state.privateKeyPemPkcs8 = key;
    if (args.type === "random:index/randomPassword:RandomPassword") state.result = "r".repeat(args.inputs.length);
    return { id: args.name + "-id", state };
  },
  call: () => ({}),
}, "consumer", "dev", false);
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: false,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json") },
});
const program = require(path.resolve("index.ts"));
// The SDK's own wait for outstanding registrations (what cli/lib/evaluate.ts's drainRegistrations wraps).
const settle = require("@pulumi/pulumi/runtime/settings").waitForRPCs;
(async () => {
  await settle(); await new Promise((r) => setImmediate(r)); await settle();
  process.stdout.write(JSON.stringify({ exports: Object.keys(program).sort(), registrations }));
})();
`;

// The engine's dynamic provider host, in the consumer's program directory: each provider
// serialized as the program's registration does, then loaded back from that text the way
// @pulumi/pulumi's cmd/dynamic-provider does (require-from-string: no file name, module paths
// from the working directory), and the DPoP setting created with the environment's credential.
const PROVIDER_HOST = `
const Module = require("node:module");
const pulumi = require("@pulumi/pulumi");
const dist = "./node_modules/oktaplane/dist/components/";
const { appDpopProvider } = require(dist + "appDpop.js");
const { hookEndpointReadyProvider } = require(dist + "hookEndpointReady.js");
const load = (text) => {
  const m = new Module("", null);
  m.filename = "";
  m.paths = Module._nodeModulePaths(process.cwd());
  m._compile(text, "");
  return m.exports.handler();
};
(async () => {
  const texts = [];
  for (const provider of [appDpopProvider, hookEndpointReadyProvider])
    texts.push((await pulumi.runtime.serializeFunction(() => provider)).text);
  const [dpop, hook] = texts.map(load);
  const created = await dpop.create(JSON.parse(process.env.DPOP_INPUTS));
  const requires = [...new Set(texts.join("\\n").match(/require\\("[^"]+"\\)/g))].sort();
  process.stdout.write(JSON.stringify({ created, requires, hook: Object.keys(hook).sort() }));
})().catch((e) => { process.stderr.write(String(e && e.message)); process.exit(1); });
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "oktaplane-pkg-"));
  // npm pack runs prepack (npm run build): the tarball is what `npm publish` would upload.
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, npm_config_loglevel: "silent" },
  });
  tarball = join(work, packed.trim().split("\n").pop()!);
  consumer = join(work, "consumer");
  mkdirSync(join(consumer, "node_modules", "oktaplane"), { recursive: true });
  execFileSync("tar", [
    "-xzf",
    tarball,
    "-C",
    join(consumer, "node_modules", "oktaplane"),
    "--strip-components=1",
  ]);
  // Only the package's runtime dependencies, plus the consumer's own TypeScript toolchain:
  // a devDependency the package needed at run time would fail to resolve here.
  for (const dep of Object.keys(pkg.dependencies)) link(dep);
  link("typescript");
  link("@types/node");
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", main: "index.ts" }),
  );
  // Pulumi's TypeScript template's compiler options, strict, with every .d.ts checked.
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ["index.ts"],
    }),
  );
  writeFileSync(join(consumer, "index.ts"), PROGRAM);
  writeFileSync(join(consumer, "run.cjs"), RUNNER);
  writeFileSync(join(consumer, "provider-host.cjs"), PROVIDER_HOST);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the npm package", () => {
  it("ships compiled JavaScript, types and the prebuilt Worker, and no sources, tests or stacks", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    expect(listing).toContain("package/dist/components/index.js");
    expect(listing).toContain("package/dist/components/index.d.ts");
    expect(listing).toContain("package/dist/worker/worker-bundle.mjs");
    // JSON only as generated data from Okta's spec (dist/spec: what custom capabilities may name).
    const unexpected = listing.filter(
      (f) =>
        !/^package\/(dist\/.*\.(js|d\.ts|mjs)|dist\/spec\/[\w-]+\.json|package\.json|README\.md|LICENSE)$/.test(
          f,
        ),
    );
    expect(unexpected).toEqual([]);
  });

  it("type-checks a consumer program under strict tsc against the shipped .d.ts", () => {
    const tsc = join(repoModules, "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 90_000);

  it("runs the consumer's program through the SDK's TypeScript loader and registers the components", () => {
    const out = execFileSync(process.execPath, ["run.cjs"], { cwd: consumer, encoding: "utf8" });
    const { exports, registrations } = JSON.parse(out) as {
      exports: string[];
      registrations: Array<{ type: string; name: string; inputs: string[] }>;
    };
    expect(exports).toEqual([
      "exporterClientId",
      "hookUrl",
      "moveworksBundle",
      "scopesOfReadUsers",
    ]);
    const types = new Set(registrations.map((r) => r.type));
    for (const t of [
      "oktaplane:okta:ServiceApp",
      "okta:app/oAuth:OAuth",
      "okta:index/appOauthApiScope:AppOauthApiScope",
      "oktaplane:connectors:Moveworks",
      "cloudflare:index/workersScript:WorkersScript",
    ]) {
      expect(types, t).toContain(t);
    }
    expect(registrations.map((r) => r.name)).toContain("siem-role-report-admin");
    const script = registrations.find(
      (r) => r.type === "cloudflare:index/workersScript:WorkersScript",
    )!;
    expect(script.inputs).toEqual(expect.arrayContaining(["content", "bindings", "mainModule"]));
  }, 90_000);

  it("runs the dynamic providers' serialized closures from the installed package, as the engine's provider host does", async () => {
    // The deploying app requires DPoP: private_key_jwt, Okta's nonce round trip, DPoP-bound calls.
    const okta = await startDpopOrg({
      dpop: true,
      deployer: { scopes: ["okta.apps.read", "okta.apps.manage"], dpop: true },
    });
    try {
      const inputs = dpopInputs(okta.url);
      const ambient = Object.entries(process.env).filter(([k]) => !k.startsWith("OKTA_"));
      // Asynchronous: the simulator answers from this process while the host runs.
      const { stdout } = await promisify(execFile)(process.execPath, ["provider-host.cjs"], {
        cwd: consumer,
        encoding: "utf8",
        env: {
          ...Object.fromEntries(ambient),
          ...okta.deployerEnv("okta.apps.read,okta.apps.manage"),
          DPOP_INPUTS: JSON.stringify(inputs),
        },
      });
      const { created, requires, hook } = JSON.parse(stdout) as {
        created: unknown;
        requires: string[];
        hook: string[];
      };
      expect(created).toEqual({ id: APP, outs: inputs });
      expect(okta.flag()).toBe(false);
      expect(
        okta.sim.recorder.calls.filter((c) => c.caller === DEPLOYER).map((c) => c.status),
      ).toEqual([400, 400, 200, 200, 200]);
      // The serializer refers to the package's own modules by path (package.json's exports
      // allow ./dist/components/*), and to nothing of the SDK's.
      expect(requires.every((r) => r.startsWith('require("oktaplane/dist/components/'))).toBe(true);
      expect(hook).toEqual(["check", "create", "delete", "diff", "read", "update"]);
    } finally {
      await okta.close();
    }
  }, 90_000);

  it("lists exactly the files named in package.json's files field", () => {
    expect(readdirSync(join(consumer, "node_modules", "oktaplane", "dist")).sort()).toEqual(
      pkg.files
        .filter((f) => !f.startsWith("!"))
        .map((f) => f.replace("dist/", ""))
        .sort(),
    );
  });
});
