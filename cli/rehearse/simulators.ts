// Starts the Okta, Cloudflare and Twilio simulators of sim/ for a rehearsal, wired to each other
// (Okta's hook calls reach the Worker through the Cloudflare simulator's edge; the Worker's own
// calls to the org and to Twilio Verify reach the Okta and Twilio simulators), on one clock, and
// adapts them to the handle the rehearsal uses (sims.ts).

import { startCloudflareSim, type CloudflareSim } from "../../sim/cloudflare/index";
import { simClock } from "../../sim/shared/clock";
import { startOktaSim, type OktaSim, type OrgSeed } from "../../sim/okta/index";
import { callHook } from "../../sim/okta/hookCalls";
import type { Org } from "../../sim/okta/org";
import { DEFAULT_BUCKETS } from "../../sim/okta/rateLimits";
import { startTwilioSim } from "../../sim/twilio/index";
import type { RehearsalSeed } from "./seed";
import type { LiveApp, RehearsalSims, RehearsalSimsOptions } from "./sims";

/** Twilio Verify's API origin, the Worker's default (worker/env.ts TWILIO_API_BASE_DEFAULT). */
const TWILIO_ORIGIN = "https://verify.twilio.com";

export async function startRehearsalSims(options: RehearsalSimsOptions): Promise<RehearsalSims> {
  const { seed } = options;
  const clock = simClock({ scale: options.clockScale });
  const orgUrl = `https://${seed.orgName}.${seed.baseUrl}`;
  const running: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const sim of running.reverse()) await sim.close().catch(() => undefined);
  };
  try {
    const twilio = await startTwilioSim({
      clock,
      ...(seed.twilio !== undefined
        ? {
            accountSid: seed.twilio.accountSid,
            authToken: seed.twilio.authToken,
            serviceSid: seed.twilio.verifyServiceSid,
          }
        : {}),
    });
    running.push(twilio);
    // Okta calls hook URIs through the Cloudflare edge, and the edge's Workers call Okta: the
    // Okta simulator starts first and reaches the edge once it exists.
    let edge: CloudflareSim | undefined;
    const okta = await startOktaSim({
      clock,
      orgUrl,
      seed: oktaSeed(seed),
      outboundFetch: (input, init) =>
        edge === undefined
          ? Promise.reject(new TypeError("fetch failed: the Cloudflare simulator is not up"))
          : edge.fetchForHost(input, init),
    });
    running.push(okta);
    edge = await startCloudflareSim({
      clock,
      ...(seed.cloudflare !== undefined ? { accountId: seed.cloudflare.accountId } : {}),
      ...(seed.cloudflare?.workersDevSubdomain !== undefined
        ? { accountSubdomain: seed.cloudflare.workersDevSubdomain }
        : {}),
      ...(seed.cloudflare?.zone !== undefined ? { zones: [seed.cloudflare.zone] } : {}),
      // The Worker's Okta org URL and Twilio's API origin are the real ones (the stack's
      // bindings); the edge routes them to the simulators.
      upstreams: { [orgUrl]: okta.url, [TWILIO_ORIGIN]: twilio.url },
    });
    running.push(edge);
    const cloudflare = edge;
    return {
      okta: {
        url: okta.url,
        recorder: okta.recorder,
        faults: okta.faults,
        // The deployer is the simulator's synthetic client (SUPER_ADMIN unless roles are given).
        issueToken: async (scopes, caller, roles) =>
          caller === "deployer"
            ? okta.issueToken({ scopes, ...(roles !== undefined ? { roles } : {}) })
            : okta.issueToken({ clientId: caller, scopes, roles: roles ?? ["SUPER_ADMIN"] }),
        bucketLimit: (bucket) =>
          Object.hasOwn(DEFAULT_BUCKETS, bucket)
            ? DEFAULT_BUCKETS[bucket as keyof typeof DEFAULT_BUCKETS]
            : undefined,
        editAppLabel: (id) => editAppLabel(okta, id),
        apps: () => [...okta.state.apps.values()].map(liveApp),
        deliverEvent: async (hookId, delivery) => {
          const hook = okta.state.eventHooks.get(hookId);
          if (hook === undefined) return { status: 404 };
          // The simulator's own hook call: the configured auth header, Okta's 3 s timeout. It
          // reads only the org's state, clock and outbound fetch.
          const answer = await callHook(
            { state: okta.state, clock, outboundFetch: cloudflare.fetchForHost } as Org,
            hook,
            { method: "POST", body: delivery },
          );
          return { status: answer.status ?? 0 };
        },
      },
      cloudflare: {
        url: cloudflare.url,
        baseUrl: cloudflare.baseUrl,
        apiToken: cloudflare.apiToken,
        recorder: cloudflare.recorder,
      },
      twilio: {
        url: twilio.url,
        recorder: twilio.recorder,
        verifications: () =>
          twilio.state.verifications.map((v) => ({ sid: v.sid, to: v.to, status: v.status })),
      },
      clock,
      close: closeAll,
    };
  } catch (cause) {
    await closeAll();
    throw cause;
  }
}

/** What the stack refers to but does not create: its API token, and the round trip's user. */
function oktaSeed(seed: RehearsalSeed): OrgSeed {
  return {
    ...(seed.apiToken !== undefined
      ? {
          apiTokens: [
            {
              id: seed.apiToken.id,
              token: seed.apiToken.value,
              name: "oktaplane rehearsal connector token",
              roles: ["READ_ONLY_ADMIN"],
            },
          ],
        }
      : {}),
    users: [
      {
        id: seed.user.id,
        status: "ACTIVE",
        profile: {
          login: seed.user.login,
          email: seed.user.login,
          firstName: "Rehearsal",
          lastName: "User",
          mobilePhone: seed.user.mobilePhone,
        },
      },
    ],
  };
}

/** An admin renames the app in the Admin Console: the state changes, the stack does not know. */
function editAppLabel(okta: OktaSim, id: string) {
  const app = okta.state.apps.get(id);
  if (app === undefined || typeof app.label !== "string") return undefined;
  const from = app.label;
  const to = `${from} (edited in the console)`;
  okta.state.apps.set({ ...app, label: to, lastUpdated: new Date(okta.clock.now()).toISOString() });
  return { resource: "okta:app/oAuth:OAuth", id, field: "label", from, to };
}

function liveApp(app: Record<string, unknown> & { id: string }): LiveApp {
  const settings = app.settings as { oauthClient?: { jwks?: { keys?: unknown } } } | undefined;
  const keys = settings?.oauthClient?.jwks?.keys;
  return {
    id: app.id,
    label: typeof app.label === "string" ? app.label : "",
    kids: Array.isArray(keys)
      ? keys.flatMap((k) =>
          typeof (k as { kid?: unknown }).kid === "string" ? [(k as { kid: string }).kid] : [],
        )
      : [],
  };
}
