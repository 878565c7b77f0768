// The policy pack as the Pulumi CLI runs it: Pulumi's own policy runner
// (@pulumi/pulumi/cmd/run-policy-pack, with the ts-node it registers) started in policy/, spoken
// to over gRPC with the Analyze requests the engine sends (secrets and preview unknowns in the
// engine's wire form). What this does not prove: that a given Pulumi CLI version sends
// PULUMI_CONFIG to packs (older ones do not; the pack then reads the stack file).

import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
// @pulumi/pulumi's own gRPC and protobuf packages: the ones the pack's server uses.
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextWithoutConfig } from "../../policy/context";
import { loadContext, parseUrn } from "../../policy/pack";

const ROOT = path.resolve(__dirname, "../..");

// The engine's wire signatures (sdk/go/common/resource/plugin/rpc.go).
const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const STACK_CONFIG = {
  "oktaplane:environment": "prod",
  "oktaplane:okta": JSON.stringify({ orgName: "acme", baseUrl: "okta.com" }),
  "oktaplane:serviceApps": JSON.stringify({
    reporting: { capabilities: ["read-only"] },
    breakglass: { capabilities: ["super-admin"], allowBroadRoles: ["SUPER_ADMIN"] },
  }),
  // The engine passes secrets decrypted; the pack must not need (or echo) them.
  "oktaplane:oktaApiToken": "ssws-token-value",
};

let child: ChildProcess;
let client: analyzerRpc.AnalyzerClient;
let stderr = "";

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."],
    {
      cwd: path.join(ROOT, "policy"),
      env: {
        ...process.env,
        PULUMI_STACK: "prod",
        PULUMI_PROJECT: "oktaplane",
        PULUMI_CONFIG: JSON.stringify(STACK_CONFIG),
      },
    },
  );
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`pack exited ${code}: ${stderr}`)));
  });
  client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);

afterAll(() => {
  client?.close();
  child?.kill();
});

interface Diagnostic {
  policy: string;
  level: "advisory" | "mandatory";
  message: string;
}

function analyze(
  type: string,
  name: string,
  properties: Record<string, unknown>,
  options: { parent?: string; protect?: boolean } = {},
): Promise<Diagnostic[]> {
  const req = new analyzerPb.AnalyzeRequest();
  req.setUrn(`urn:pulumi:prod::oktaplane::${type}::${name}`);
  req.setType(type);
  req.setName(name);
  req.setProperties(Struct.fromJavaScript(properties as never));
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(options.protect ?? false);
  if (options.parent) opts.setParent(options.parent);
  req.setOptions(opts);
  return new Promise((resolve, reject) =>
    client.analyze(req, (err, res) =>
      err
        ? reject(err)
        : resolve(
            res!.getDiagnosticsList().map((d) => ({
              policy: d.getPolicyname(),
              level:
                d.getEnforcementlevel() === analyzerPb.EnforcementLevel.MANDATORY
                  ? "mandatory"
                  : "advisory",
              message: d.getMessage(),
            })),
          ),
    ),
  );
}

const parentApp = (key: string) =>
  `urn:pulumi:prod::oktaplane::pulumi:pulumi:Stack$oktaplane:index:ServiceApp::${key}`;
const policies = (ds: Diagnostic[]) => ds.map((d) => d.policy);

describe("the pack under Pulumi's policy runner", () => {
  it("serves every rule with its enforcement level", async () => {
    const info = await new Promise<analyzerPb.AnalyzerInfo>((resolve, reject) =>
      client.getAnalyzerInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res!))),
    );
    expect(info.getName()).toBe("oktaplane");
    const levels = Object.fromEntries(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
    );
    expect(levels).toEqual({
      "no-broad-admin-roles": analyzerPb.EnforcementLevel.MANDATORY,
      "service-app-private-key-jwt": analyzerPb.EnforcementLevel.MANDATORY,
      "granted-scopes-match-capabilities": analyzerPb.EnforcementLevel.MANDATORY,
      "https-only-uris": analyzerPb.EnforcementLevel.MANDATORY,
      "hooks-authenticate": analyzerPb.EnforcementLevel.MANDATORY,
      "secrets-are-secret": analyzerPb.EnforcementLevel.MANDATORY,
      "prod-protects-credentials": analyzerPb.EnforcementLevel.MANDATORY,
      "implicit-grant-only-where-required": analyzerPb.EnforcementLevel.ADVISORY,
    });
  });

  it("tells a secret hook auth value (engine-wrapped) from a plain one", async () => {
    const hook = (value: unknown) => ({
      name: "oktaplane events",
      channel: { type: "HTTP", version: "1.0.0", uri: "https://okta-hooks.acme.com/events" },
      auth: { type: "HEADER", key: "Authorization", value },
      events: ["user.authentication.auth_via_mfa"],
    });
    const EH = "okta:index/eventHook:EventHook";
    expect(await analyze(EH, "events", hook(secret("generated")))).toEqual([]);
    const plain = await analyze(EH, "events", hook("generated"));
    expect(policies(plain)).toEqual(["secrets-are-secret"]);
    expect(plain[0]!.message).toContain("auth.value is plain text\nFix: Wrap the value");
    expect(plain[0]!.message).not.toContain("generated");
  });

  it("reports an http hook and waits on a URI unknown during preview", async () => {
    const hook = (uri: unknown) => ({
      channel: { type: "HTTP", version: "1.0.0", uri },
      auth: secret({ type: "HEADER", key: "Authorization", value: "x" }),
      events: ["user.authentication.auth_via_mfa"],
    });
    const EH = "okta:index/eventHook:EventHook";
    expect(policies(await analyze(EH, "events", hook("http://h.acme.com/e")))).toEqual([
      "https-only-uris",
    ]);
    expect(await analyze(EH, "events", hook(UNKNOWN))).toEqual([]);
  });

  it("reads broad-role opt-ins from the stack config the engine passes (PULUMI_CONFIG)", async () => {
    const RA = "okta:app/oauthRoleAssignment:OauthRoleAssignment";
    const role = { clientId: UNKNOWN, type: "SUPER_ADMIN" };
    const refused = await analyze(RA, "reporting-super-admin", role, {
      parent: parentApp("reporting"),
    });
    expect(refused).toEqual([
      expect.objectContaining({ policy: "no-broad-admin-roles", level: "mandatory" }),
    ]);
    expect(refused[0]!.message).toContain("service app reporting, which has not opted in");
    expect(
      await analyze(RA, "breakglass-super-admin", role, { parent: parentApp("breakglass") }),
    ).toEqual([]);
  });

  it("checks scope grants against the owning app's capabilities", async () => {
    const GS = "okta:index/appOauthApiScope:AppOauthApiScope";
    const grant = (scopes: string[]) => ({
      appId: UNKNOWN,
      issuer: "https://acme.okta.com",
      scopes,
    });
    const opts = { parent: parentApp("reporting") };
    expect(await analyze(GS, "reporting-scopes", grant(["okta.users.read"]), opts)).toEqual([]);
    expect(
      policies(await analyze(GS, "reporting-scopes", grant(["okta.users.manage"]), opts)),
    ).toEqual(["granted-scopes-match-capabilities"]);
  });

  it("demands protect on a prod service app and private_key_jwt", async () => {
    const OA = "okta:app/oAuth:OAuth";
    const app = {
      label: "reporting",
      type: "service",
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "private_key_jwt",
      jwks: [{ kty: "RSA", kid: "primary", e: "AQAB", n: "abc" }],
    };
    const opts = { parent: parentApp("reporting") };
    expect(await analyze(OA, "reporting-app", app, { ...opts, protect: true })).toEqual([]);
    expect(policies(await analyze(OA, "reporting-app", app, opts))).toEqual([
      "prod-protects-credentials",
    ]);
    const withSecret = {
      ...app,
      tokenEndpointAuthMethod: "client_secret_post",
      clientBasicSecret: secret("s"),
    };
    expect(
      policies(await analyze(OA, "reporting-app", withSecret, { ...opts, protect: true })),
    ).toEqual(["service-app-private-key-jwt", "service-app-private-key-jwt"]);
  });

  it("flags a Worker's plain secret_text binding but not a secret one", async () => {
    const WS = "cloudflare:index/workersScript:WorkersScript";
    const worker = (text: unknown) => ({
      accountId: "2a3b4c5d6e7f80910a1b2c3d4e5f6071",
      scriptName: "okta-hooks",
      bindings: [{ name: "HOOK_SECRET", type: "secret_text", text }],
    });
    expect(await analyze(WS, "hook-receiver", worker(secret("s")))).toEqual([]);
    expect(policies(await analyze(WS, "hook-receiver", worker("s")))).toEqual([
      "secrets-are-secret",
    ]);
  });
});

describe("loadContext", () => {
  it("parses the engine's PULUMI_CONFIG, ignoring secret values", () => {
    const ctx = loadContext("prod", { PULUMI_CONFIG: JSON.stringify(STACK_CONFIG) });
    expect(ctx.environment).toBe("prod");
    expect(Object.keys(ctx.apps ?? {}).sort()).toEqual(["breakglass", "reporting"]);
    expect(ctx.apps?.["breakglass"]?.allowBroadRoles).toEqual(["SUPER_ADMIN"]);
  });
  it("falls back to stacks/Pulumi.<stack>.yaml without PULUMI_CONFIG", () => {
    const ctx = loadContext("dev", {});
    expect(ctx.environment).toBe("dev");
    expect(Object.keys(ctx.apps ?? {}).sort()).toEqual([
      "hook-receiver",
      "moveworks",
      "reporting",
      "servicenow-spoke",
    ]);
  });
  it("reads the keys of the project the URNs name, whatever Pulumi.yaml calls it", () => {
    const renamed = Object.fromEntries(
      Object.entries(STACK_CONFIG).map(([k, v]) => [k.replace(/^oktaplane:/, "acme-okta:"), v]),
    );
    const env = { PULUMI_CONFIG: JSON.stringify(renamed) };
    const ctx = loadContext("prod", env, undefined, "acme-okta");
    expect(Object.keys(ctx.apps ?? {}).sort()).toEqual(["breakglass", "reporting"]);
    // Under the default namespace the same config holds none of the program's keys.
    expect(loadContext("prod", env)).toEqual(contextWithoutConfig("prod"));
  });
  it("fails closed when there is no readable config", () => {
    expect(loadContext("nonesuch", {})).toEqual(contextWithoutConfig("nonesuch"));
    const invalid = { PULUMI_CONFIG: JSON.stringify({ "oktaplane:environment": "qa" }) };
    expect(loadContext("prod", invalid)).toEqual(contextWithoutConfig("prod"));
  });
});

describe("parseUrn", () => {
  it("splits stack, type (last of the parent chain) and name", () => {
    expect(parseUrn(parentApp("reporting"))).toEqual({
      stack: "prod",
      project: "oktaplane",
      type: "oktaplane:index:ServiceApp",
      name: "reporting",
    });
  });
});
