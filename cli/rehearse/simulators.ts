// Starts the Okta, Cloudflare and Twilio simulators of sim/ for a rehearsal and adapts them to the
// handle the rehearsal uses (sims.ts).
//
// NOT DONE: sim/okta, sim/cloudflare and sim/twilio have not landed on this branch yet (branches
// sim-okta and sim-cf); until they do, a rehearsal stops here with this message.

import type { RehearsalSims, RehearsalSimsOptions } from "./sims";

export async function startRehearsalSims(_options: RehearsalSimsOptions): Promise<RehearsalSims> {
  throw new Error(
    "the simulators (sim/okta, sim/cloudflare, sim/twilio) are not part of this build yet",
  );
}
