// Reading the engine's event log and summarizing the simulators' recorder: pure functions, fed
// with events shaped like the CLI's --event-log lines and with CallRecords.

import { describe, expect, it } from "vitest";
import { isChange, parseEventLog, typeOfUrn } from "../../cli/rehearse/engineEvents";
import { checkIntegrity, parseStateExport } from "../../cli/rehearse/integrity";
import { summarizeOktaCalls, type PhasedCall } from "../../cli/rehearse/oktaCalls";
import type { CallRecord } from "../../sim/shared/recorder";
import { APP, EVENT_HOOK, RESOURCES } from "./support/devScenario";
import { exportOf, failedEvents, stepEvents, summaryEvent, urnOf } from "./support/scenario";

const lines = (events: unknown[]) =>
  events
    .map((e, i) => JSON.stringify({ sequence: i + 1, timestamp: 0, ...(e as object) }))
    .join("\n");

function call(operation: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    sim: "okta",
    operation,
    method: "POST",
    path: "/api/v1/apps",
    status: 200,
    caller: "deployer",
    bucket: "api/v1/apps",
    latencyMs: 1,
    at: Date.UTC(2026, 0, 1),
    ...extra,
  };
}

describe("engine event log", () => {
  it("keeps the update's steps, not the preview that `up` runs first", () => {
    const parsed = parseEventLog(
      lines([
        ...stepEvents("dev", "create", RESOURCES, { planning: true }),
        ...stepEvents("dev", "create", [APP]),
        ...stepEvents("dev", "same", RESOURCES.slice(1)),
        summaryEvent({ create: 1, same: 3 }),
      ]),
    );
    expect(parsed.steps.map((s) => [s.urn.split("::").pop(), s.op])).toEqual([
      ["reporting-app", "create"],
      ["hooks-event-hook", "same"],
      ["twilio-telephony", "same"],
      ["okta-verify", "same"],
    ]);
    expect(parsed.outputs.get(urnOf("dev", APP))).toMatchObject({ id: APP.id, type: APP.type });
    expect(parsed.summary).toEqual({ resourceChanges: { create: 1, same: 3 }, durationSeconds: 1 });
  });

  it("keeps a preview's planning steps, with their diffs", () => {
    const parsed = parseEventLog(
      lines(
        stepEvents("dev", "update", [APP], {
          planning: true,
          diffs: { [APP.name]: ["settings", "label"] },
        }),
      ),
    );
    expect(parsed.steps).toEqual([
      {
        urn: urnOf("dev", APP),
        type: APP.type,
        op: "update",
        diffs: ["label", "settings"],
        protect: false,
        retainOnDelete: false,
      },
    ]);
  });

  it("joins a failed step with its error diagnostics, and keeps errors of the stack and of resources without a failed step", () => {
    const parsed = parseEventLog(
      lines([
        ...failedEvents("dev", APP, "\u001b[31merror: 403 E0000006\u001b[0m"),
        {
          diagnosticEvent: {
            urn: urnOf("dev", EVENT_HOOK),
            message: "error: verification failed\n",
            color: "never",
            severity: "error",
          },
        },
        {
          diagnosticEvent: {
            urn: "urn:pulumi:dev::oktaplane::pulumi:pulumi:Stack::oktaplane-dev",
            message: "error: update failed\n",
            color: "never",
            severity: "error",
          },
        },
        { diagnosticEvent: { message: "a warning\n", color: "never", severity: "warning" } },
        {
          policyEvent: {
            resourceUrn: urnOf("dev", APP),
            message: "broad role\n",
            color: "never",
            policyName: "no-broad-roles",
            policyPackName: "oktaplane",
            policyPackVersion: "0.1.0",
            policyPackVersionTag: "",
            enforcementLevel: "mandatory",
          },
        },
      ]) + '\n{"truncated',
    );
    expect(parsed.failures).toEqual([
      { urn: urnOf("dev", APP), type: APP.type, message: "error: 403 E0000006" },
      {
        urn: urnOf("dev", EVENT_HOOK),
        type: EVENT_HOOK.type,
        message: "error: verification failed",
      },
    ]);
    expect(parsed.errors).toEqual(["error: update failed"]);
    expect(parsed.policy).toEqual([
      {
        policy: "no-broad-roles",
        level: "mandatory",
        urn: urnOf("dev", APP),
        message: "broad role",
      },
    ]);
    expect(parsed.unreadable).toBe(1);
  });

  it("knows which steps are changes and which type a URN names", () => {
    expect(["same", "read", "refresh"].map((op) => isChange(op as never))).toEqual([
      false,
      false,
      false,
    ]);
    expect(["create", "update", "delete", "replace"].map((op) => isChange(op as never))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      typeOfUrn(
        "urn:pulumi:dev::oktaplane::oktaplane:apps:ServiceApp$okta:app/oAuth:OAuth::reporting-app",
      ),
    ).toBe("okta:app/oAuth:OAuth");
  });
});

describe("Okta call summary", () => {
  const calls: PhasedCall[] = [
    ...Array.from({ length: 150 }, () => ({
      phase: "up",
      call: call("createApplication", { status: 201 }),
    })),
    ...Array.from({ length: 50 }, () => ({ phase: "up", call: call("grantConsentToScope") })),
    { phase: "up", call: call("createApplication", { status: 429, errorCode: "E0000047" }) },
    {
      phase: "up",
      call: call("listPolicies", {
        method: "GET",
        path: "/api/v1/policies",
        status: 403,
        scope: "okta.policies.read",
        errorCode: "E0000006",
        bucket: "api/v1/other",
      }),
    },
    ...Array.from({ length: 300 }, () => ({
      phase: "preview",
      call: call("getApplication", { method: "GET", bucket: "api/v1/apps/{id}" }),
    })),
    { phase: "up", call: call("gap:GET /api/v1/nope", { status: 404 }) },
    { phase: "up", call: { ...call("CreateVerification"), sim: "twilio" } },
  ];
  const limits: Record<string, number> = { "api/v1/apps": 100, "api/v1/apps/{id}": 600 };
  const summary = summarizeOktaCalls(calls, (b) => limits[b], 50);

  it("counts per operation (with phases and statuses) and per bucket, Okta's calls only", () => {
    expect(summary.total).toBe(503);
    expect(summary.byOperation[0]).toEqual({
      operation: "getApplication",
      calls: 300,
      byPhase: { preview: 300 },
      statuses: { "200": 300 },
    });
    expect(summary.byOperation.find((o) => o.operation === "createApplication")?.statuses).toEqual({
      "201": 150,
      "429": 1,
    });
    expect(summary.gaps).toEqual([{ request: "GET /api/v1/nope", calls: 1 }]);
  });

  it("derives the real-time floor from the deploy's calls per bucket at the provider's capacity share", () => {
    // 201 deploy calls on /api/v1/apps at 50 % of 100/min: 4.02 minutes.
    expect(summary.byBucket.find((b) => b.bucket === "api/v1/apps")).toEqual({
      bucket: "api/v1/apps",
      calls: 201,
      deployCalls: 201,
      limitPerMinute: 100,
      floorSeconds: 241.2,
    });
    // The preview's reads do not count towards the deploy.
    expect(summary.byBucket.find((b) => b.bucket === "api/v1/apps/{id}")).toMatchObject({
      calls: 300,
      deployCalls: 0,
      floorSeconds: 0,
    });
    expect(summary.byBucket.find((b) => b.bucket === "api/v1/other")).toMatchObject({
      limitPerMinute: null,
      floorSeconds: null,
    });
    expect(summary.realTimeFloor).toEqual({
      seconds: 241.2,
      bucket: "api/v1/apps",
      capacityPercent: 50,
      formula: "max over buckets of deploy calls ÷ (limit per minute × 50 %) × 60 s",
    });
  });

  it("lists every 403 with the missing scope and every 429", () => {
    expect(summary.forbidden).toEqual([
      {
        phase: "up",
        operation: "listPolicies",
        method: "GET",
        path: "/api/v1/policies",
        caller: "deployer",
        missingScope: "okta.policies.read",
        errorCode: "E0000006",
      },
    ]);
    expect(summary.rateLimited).toEqual([
      {
        phase: "up",
        operation: "createApplication",
        bucket: "api/v1/apps",
        caller: "deployer",
        at: "2026-01-01T00:00:00.000Z",
      },
    ]);
  });
});

describe("integrity after a deploy", () => {
  const state = parseStateExport(exportOf("dev", RESOURCES));
  it("passes when every live app is in the state with exactly its declared keys", () => {
    const report = checkIntegrity(
      state,
      [
        { id: APP.id!, label: "x", kids: ["k1"] },
        { id: "0oaSeeded", label: "seeded", kids: [] },
      ],
      new Set(["0oaSeeded"]),
    );
    expect(report).toEqual({
      ok: true,
      appsInState: 1,
      orphanedApps: [],
      keyMismatches: [],
      pendingOperations: [],
    });
  });
  it("finds apps in no state, and JWKS that differ from the state", () => {
    const report = checkIntegrity(
      state,
      [
        { id: APP.id!, label: "x", kids: ["k1", "k2"] },
        { id: "0oaOrphan", label: "orphan", kids: ["k1"] },
      ],
      new Set(),
    );
    expect(report.ok).toBe(false);
    expect(report.orphanedApps).toEqual([{ id: "0oaOrphan", label: "orphan" }]);
    expect(report.keyMismatches).toEqual([
      { urn: urnOf("dev", APP), declared: ["k1"], live: ["k1", "k2"] },
    ]);
  });
});
