// Pulumi.yaml and stack references as Pulumi reads them: the project name (also the config
// namespace), stackConfigDir, project-level config (shorthand, default, value), and --stack as
// `stack`, `org/stack` or `org/project/stack`.

import { describe, expect, it } from "vitest";
import { parseProjectText, parseStackRef, ProjectError } from "../../config/project";

const project = (text: string) => parseProjectText(text, "/p/Pulumi.yaml", "/p");

describe("Pulumi.yaml", () => {
  it("gives the name, the stack directory and the entry", () => {
    const p = project(
      "name: acme-okta\nruntime: nodejs\nstackConfigDir: envs\nmain: src/index.ts\n",
    );
    expect(p).toMatchObject({ name: "acme-okta", stackConfigDir: "/p/envs", main: "src/index.ts" });
    expect(project("name: x\nruntime: nodejs\n").stackConfigDir).toBe("/p");
  });

  it("reads project-level config the way Pulumi rewrites it", () => {
    const p = project(
      [
        "name: acme",
        "runtime: nodejs",
        "config:",
        "  environment: dev", // shorthand, project namespace: a default
        "  okta:orgName: acme", // shorthand, another namespace: a value
        "  acme:okta:",
        "    type: object",
        "    default: { orgName: acme, baseUrl: okta.com }",
        "  token:",
        "    secret: true",
        "  list: [a, b]",
      ].join("\n"),
    );
    expect(p.config).toEqual({
      "acme:environment": "dev",
      "okta:orgName": "acme",
      "acme:okta": '{"orgName":"acme","baseUrl":"okta.com"}',
      "acme:list": '["a","b"]',
    });
    expect([...p.secretKeys]).toEqual(["acme:token"]);
  });

  it("refuses what Pulumi refuses, naming the key", () => {
    expect(() => project("runtime: nodejs\n")).toThrow(/name: must be the project name/);
    expect(() => project("name: a\nconfig:\n  x: { value: 1, default: 2 }\n")).toThrow(
      "config.x: has both value and default",
    );
    expect(() => project("name: [\n")).toThrow(ProjectError);
  });
});

describe("stack references", () => {
  it.each([
    ["dev", { name: "dev" }],
    ["acme/dev", { name: "dev", organization: "acme" }],
    ["acme/oktaplane/dev", { name: "dev", organization: "acme" }],
  ])("%s", (given, expected) => {
    expect(parseStackRef(given, "oktaplane")).toEqual({ ...expected, given });
  });

  it("refuses another project's stack and malformed names", () => {
    expect(() => parseStackRef("acme/oktaplan/dev", "oktaplane")).toThrow(
      'names project "oktaplan", but Pulumi.yaml is project "oktaplane" (did you mean "oktaplane"?)',
    );
    expect(() => parseStackRef("a/b/c/d", "oktaplane")).toThrow(/<org>\/<project>\/<stack>/);
    expect(() => parseStackRef("dev stack", "oktaplane")).toThrow(/letters, digits/);
  });
});
