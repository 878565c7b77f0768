// cli/lib/fastStart.ts, which the plan, promote and adopt CLIs import first: it patches the
// Pulumi SDK for a one-shot run, and must leave the SDK's public API whole.
import "../../cli/lib/fastStart";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { PLAN_PROVIDER_MARKER } from "../../cli/lib/fastStart";

describe("fastStart", () => {
  it("leaves pulumi.runtime whole (entering the SDK at an inner module broke its load order)", () => {
    expect(typeof pulumi.runtime.serializeFunction).toBe("function");
    expect(typeof pulumi.runtime.setMocks).toBe("function");
  });

  it("has dynamic providers serialized to the marker: the engine does it for real at deploy time", async () => {
    // The module @pulumi/pulumi/dynamic calls for each dynamic resource's provider.
    const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
      serializeFunction(f: () => unknown): Promise<{ text: string }>;
    };
    const provider = { create: async () => ({ id: "x" }) };
    expect((await closure.serializeFunction(() => provider)).text).toBe(PLAN_PROVIDER_MARKER);
  });
});
