// STAND-IN simulators for the rehearsal's unit tests: a loopback Okta server that matches requests
// to Okta's spec operations, checks bearer-token scopes, applies the fault plan and records every
// call, plus an in-memory app list and Twilio verification list. It is not the simulator of sim/
// (no schemas, no hooks that call a Worker): it lets the tests drive the rehearsal's bookkeeping.

import { randomBytes } from "node:crypto";
import { simClock } from "../../../sim/shared/clock";
import { FaultPlan } from "../../../sim/shared/faults";
import { Recorder } from "../../../sim/shared/recorder";
import { readBody, requestUrl, sendJson, startServer } from "../../../sim/shared/server";
import { operationMatcher } from "../../../spec/oktaOperations";
import { bucketOf, DEFAULT_BUCKETS } from "../../../sim/okta/rateLimits";
import type {
  LiveApp,
  RehearsalSims,
  RehearsalSimsOptions,
  TwilioVerification,
} from "../../../cli/rehearse/sims";

export interface StandInSims extends RehearsalSims {
  readonly options: RehearsalSimsOptions;
  readonly closed: () => boolean;
  /** Apps as the stand-in CLI created them (POST /api/v1/apps with {id, label, kids}). */
  readonly appList: LiveApp[];
}

export async function startStandInSims(
  options: RehearsalSimsOptions,
  seeded: readonly LiveApp[] = [],
): Promise<StandInSims> {
  const recorder = new Recorder();
  const faults = new FaultPlan();
  const clock = simClock({ scale: options.clockScale });
  const tokens = new Map<string, { scopes: readonly string[]; caller: string }>();
  const apps: LiveApp[] = [...seeded];
  const verifications: TwilioVerification[] = [];
  const matcher = operationMatcher();
  let closed = false;

  const server = await startServer(
    async (req, res) => {
      const started = performance.now();
      const url = requestUrl(req);
      const body = (await readBody(req, 1 << 20)).toString("utf8");
      const matched = matcher.match(req.method ?? "GET", url.pathname);
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const holder = auth === undefined ? undefined : tokens.get(auth);
      const answer = (
        status: number,
        json: unknown,
        extra: Partial<Record<string, string>> = {},
      ) => {
        recorder.record({
          sim: "okta",
          operation: matched?.operation.id ?? `gap:${req.method} ${url.pathname}`,
          method: req.method ?? "GET",
          path: url.pathname,
          status,
          caller: holder?.caller ?? "anonymous",
          ...(extra.scope !== undefined ? { scope: extra.scope } : {}),
          ...(matched === undefined ? {} : { bucket: bucketOf(matched.operation) }),
          ...(extra.errorCode !== undefined ? { errorCode: extra.errorCode } : {}),
          latencyMs: performance.now() - started,
          at: clock.now(),
        });
        sendJson(res, status, json);
      };
      if (matched === undefined) return answer(404, { errorCode: "E0000007" });
      const op = matched.operation;
      const scope = op.scopes[0];
      if (holder === undefined) return answer(401, { errorCode: "E0000011" });
      // As Okta's scopes do: a .manage scope also grants the matching .read.
      const held = (s: string) =>
        holder.scopes.includes(s) || holder.scopes.includes(s.replace(/\.read$/, ".manage"));
      if (scope !== undefined && !op.scopes.some(held))
        return answer(403, { errorCode: "E0000006" }, { scope, errorCode: "E0000006" });
      const fault = faults.take(op.id);
      if (fault !== undefined && "status" in fault)
        return answer(
          fault.status,
          { errorCode: fault.status === 429 ? "E0000047" : "E0000009" },
          {
            ...(scope !== undefined ? { scope } : {}),
            errorCode: fault.status === 429 ? "E0000047" : "E0000009",
          },
        );
      if (op.id === "createApplication") {
        const app = JSON.parse(body) as LiveApp;
        apps.push({ id: app.id, label: app.label, kids: app.kids });
      }
      if (op.id === "deleteApplication") {
        const i = apps.findIndex((a) => a.id === matched.params["appId"]);
        if (i >= 0) apps.splice(i, 1);
      }
      if (op.id === "executeInlineHook") {
        verifications.push({
          sid: `VE${randomBytes(16).toString("hex")}`,
          to: "+12025550123",
          status: "pending",
        });
        return answer(
          200,
          { commands: [{ type: "com.okta.telephony.action", value: [{ status: "SUCCESSFUL" }] }] },
          scope === undefined ? {} : { scope },
        );
      }
      answer(200, {}, scope === undefined ? {} : { scope });
    },
    { onError: (res) => sendJson(res, 500, { errorCode: "E0000009" }) },
  );

  return {
    options,
    closed: () => closed,
    appList: apps,
    okta: {
      url: server.url,
      recorder,
      faults,
      issueToken: async (scopes, caller) => {
        const token = randomBytes(24).toString("base64url");
        tokens.set(token, { scopes: [...scopes], caller });
        return token;
      },
      bucketLimit: (bucket) => (DEFAULT_BUCKETS as Record<string, number>)[bucket],
      editAppLabel: (id) => {
        const i = apps.findIndex((a) => a.id === id);
        if (i < 0) return undefined;
        const from = apps[i]!.label;
        apps[i] = { ...apps[i]!, label: `${from} (edited)` };
        return {
          resource: "okta:app/oAuth:OAuth",
          id,
          field: "label",
          from,
          to: `${from} (edited)`,
        };
      },
      apps: () => apps,
      deliverEvent: async () => {
        const pending = verifications.findIndex((v) => v.status === "pending");
        if (pending >= 0)
          verifications[pending] = { ...verifications[pending]!, status: "approved" };
        return { status: 200 };
      },
    },
    cloudflare: {
      url: "http://127.0.0.1:9",
      baseUrl: "http://127.0.0.1:9/client/v4/",
      apiToken: "stand-in-cloudflare-token-0123456789abcdefghijklmnop",
      recorder: new Recorder(),
    },
    twilio: {
      url: "http://127.0.0.1:9",
      recorder: new Recorder(),
      verifications: () => verifications,
    },
    clock,
    close: async () => {
      closed = true;
      await server.close();
    },
  };
}
