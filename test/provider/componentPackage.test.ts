// The multi-language component package: the provider process answers GetSchema over the engine's
// gRPC protocol with the checked-in schema, and Construct registers the same children as the
// TypeScript components do. What this does not prove: a Construct over gRPC with a real engine's
// resource monitor, or SDK generation by `pulumi package add` (both need a real engine).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
// @pulumi/pulumi's own gRPC and protobuf packages: the ones the provider's server uses.
import * as grpc from "@grpc/grpc-js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminRoles } from "../../components/adminRoles";
import { ServiceApp as ServiceAppComponent } from "../../components/serviceApp";
import { componentProvider } from "../../provider/schema";
import { installMocks, record, type Registered } from "../components/mockRuntime";

const ROOT = path.resolve(__dirname, "../..");
const checkedIn = JSON.parse(readFileSync(path.join(ROOT, "provider", "schema.json"), "utf8")) as {
  resources: Record<
    string,
    { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }
  >;
};

// One provider for the whole file: it analyses the components' TypeScript once and caches the
// schema (seconds each time on 2 cores), as the host process does for the engine.
const provider = componentProvider();

describe("provider/schema.json", () => {
  it("is the schema the component provider derives from provider/components.ts", async () => {
    // Regenerate with: npx tsx scripts/provider-schema.ts
    expect(JSON.parse(await provider.getSchema())).toEqual(checkedIn);
  });

  it("names the three components and no live objects among their inputs", () => {
    expect(Object.keys(checkedIn.resources).sort()).toEqual([
      "oktaplane:index:HookReceiver",
      "oktaplane:index:OktaVerifyPush",
      "oktaplane:index:ServiceApp",
    ]);
    expect(
      Object.keys(checkedIn.resources["oktaplane:index:ServiceApp"]!.inputProperties),
    ).not.toContain("adminRoles");
  });
});

describe("the provider process over gRPC", () => {
  let child: ChildProcess;
  let client: providerRpc.ResourceProviderClient;
  let stderr = "";

  beforeAll(async () => {
    // As the engine starts a plugin: the program with the engine's address as its argument.
    child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "provider", "index.ts"), "127.0.0.1:1"],
      {
        cwd: path.join(ROOT, "provider"),
      },
    );
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`provider exited ${code}: ${stderr}`)));
    });
    client = new providerRpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
  }, 60_000);

  afterAll(() => {
    client?.close();
    child?.kill();
  });

  it("answers GetSchema with the checked-in schema", async () => {
    const req = new providerPb.GetSchemaRequest();
    req.setVersion(0);
    const schema = await new Promise<string>((resolve, reject) =>
      client.getSchema(req, (err, res) => (err ? reject(err) : resolve(res!.getSchema()))),
    );
    expect(JSON.parse(schema)).toEqual(checkedIn);
  });
});

describe("Construct", () => {
  beforeAll(() => installMocks());
  const inputs = {
    orgUrl: "https://acme.okta.com",
    capabilities: ["read-users"],
    requireDpop: false,
  };
  const shape = (regs: readonly Registered[]) =>
    regs.map((r) => `${r.type}::${r.name}::${JSON.stringify(r.inputs)}`).sort();

  it("builds a ServiceApp with the same children and inputs as the TypeScript component", async () => {
    const viaPackage = await record(() =>
      provider.construct("reader", "oktaplane:index:ServiceApp", inputs, {}),
    );
    const direct = await record(() => {
      const adminRoles = new AdminRoles("reader-roles", {
        orgUrl: inputs.orgUrl,
        labelPrefix: "reader",
      });
      new ServiceAppComponent("reader", { ...inputs, capabilities: ["read-users"], adminRoles });
    });
    const children = viaPackage.resources.filter((r) => r.type !== "oktaplane:index:ServiceApp");
    expect(shape(children)).toEqual(shape(direct.resources));
    expect(viaPackage.resources.map((r) => r.type)).toContain("okta:app/oAuth:OAuth");
  });

  it("rejects a capability outside the table, naming the argument and the allowed values", async () => {
    await expect(
      provider.construct(
        "bad",
        "oktaplane:index:ServiceApp",
        { orgUrl: "https://acme.okta.com", capabilities: ["everything"] },
        {},
      ),
    ).rejects.toThrow(
      /capabilities\[0\]: "everything" is not one of read-only, software-provisioning/,
    );
  });
});
