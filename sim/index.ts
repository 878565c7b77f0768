// Starts the three simulators wired to each other, as a deployed stack sees them: Okta's hook
// calls (event hook verify, telephony execute) reach Workers through the Cloudflare simulator's
// edge, and those Workers' calls to the org and to Twilio Verify reach the Okta and Twilio
// simulators. Used by `npm run sim` (sim/cli.ts) and by `rehearse` (cli/rehearse/simulators.ts).

import {
  startCloudflareSim,
  type CloudflareSim,
  type CloudflareSimOptions,
} from "./cloudflare/index";
import { startOktaSim, type OktaSim, type OrgSeed } from "./okta/index";
import type { SimClock } from "./shared/clock";
import { startTwilioSim, type TwilioSim, type TwilioSimOptions } from "./twilio/index";

/** Twilio Verify's API origin, the Worker's default (worker/env.ts TWILIO_API_BASE_DEFAULT). */
export const TWILIO_ORIGIN = "https://verify.twilio.com";

export interface SimulatorsOptions {
  /** The org URL the stack names (`https://<org>.<baseUrl>`); its Workers call it. */
  readonly orgUrl: string;
  readonly clock: SimClock;
  readonly seed?: OrgSeed;
  readonly ports?: {
    readonly okta?: number;
    readonly cloudflare?: number;
    readonly twilio?: number;
  };
  readonly cloudflare?: Omit<CloudflareSimOptions, "clock" | "upstreams" | "port">;
  readonly twilio?: Omit<TwilioSimOptions, "clock" | "port">;
}

export interface Simulators {
  readonly okta: OktaSim;
  readonly cloudflare: CloudflareSim;
  readonly twilio: TwilioSim;
  close(): Promise<void>;
}

export async function startSimulators(options: SimulatorsOptions): Promise<Simulators> {
  const { clock, orgUrl, ports = {} } = options;
  const running: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const sim of running.reverse()) await sim.close().catch(() => undefined);
  };
  try {
    const twilio = await startTwilioSim({
      clock,
      ...options.twilio,
      ...(ports.twilio ? { port: ports.twilio } : {}),
    });
    running.push(twilio);
    // Okta calls hook URIs through the edge, and the edge's Workers call Okta: Okta starts first
    // and reaches the edge once it exists.
    let edge: CloudflareSim | undefined;
    const okta = await startOktaSim({
      clock,
      orgUrl,
      ...(options.seed ? { seed: options.seed } : {}),
      ...(ports.okta ? { port: ports.okta } : {}),
      outboundFetch: (input, init) =>
        edge === undefined
          ? Promise.reject(new TypeError("fetch failed: the Cloudflare simulator is not up"))
          : edge.fetchForHost(input, init),
    });
    running.push(okta);
    edge = await startCloudflareSim({
      clock,
      ...options.cloudflare,
      ...(ports.cloudflare ? { port: ports.cloudflare } : {}),
      // The Worker's Okta org URL and Twilio's API origin are the real ones (the stack's
      // bindings); the edge routes them to the simulators.
      upstreams: { [orgUrl]: okta.url, [TWILIO_ORIGIN]: twilio.url },
    });
    running.push(edge);
    return { okta, cloudflare: edge, twilio, close: closeAll };
  } catch (cause) {
    await closeAll();
    throw cause;
  }
}
