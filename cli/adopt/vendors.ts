// What each vendor's own setup guide (the seeds in ../shared/seeds/) asks an Okta app to hold, so
// the over-privilege report can put the vendor's requirement beside every scope or role an app
// holds beyond its capabilities. The lists come from the capability table, which encodes the
// seeds; this file only says which guide and which passage each entry stands for.

import { CAPABILITIES, type CapabilityName } from "../../components/capabilities";
import type { AppPreset } from "./desired";

export interface VendorNeed {
  /** The guide, e.g. `Moveworks: Okta access requirements`. */
  readonly guide: string;
  /** The seed file it comes from. */
  readonly seed: string;
  /** What the guide asks it for. */
  readonly for: string;
}

interface Source {
  readonly guide: string;
  readonly seed: string;
  readonly capability: CapabilityName;
  readonly for: string;
  /** Which half of the capability the guide asks for. */
  readonly part: "scopes" | "roles";
}

const MOVEWORKS = {
  guide: "Moveworks: Okta access requirements",
  seed: "moveworks-okta-access-requirements.txt",
} as const;

const SOURCES: Readonly<Record<AppPreset, readonly Source[]>> = {
  moveworks: [
    {
      ...MOVEWORKS,
      capability: "moveworks-scopes",
      part: "scopes",
      for: '"Grant allowed Scopes to the App" (OAuth 2.0 with JWT-based Authentication)',
    },
    { ...MOVEWORKS, capability: "read-only", part: "roles", for: "read-only: Read-only Admin" },
    {
      ...MOVEWORKS,
      capability: "software-provisioning",
      part: "roles",
      for: "software provisioning: Group Admin, App Admin",
    },
    {
      ...MOVEWORKS,
      capability: "password-mfa-help",
      part: "roles",
      for: "passwords, unlock, MFA reset: Help Desk Admin, Report Admin",
    },
  ],
  "servicenow-spoke": [
    {
      guide: "ServiceNow: Set up Okta spoke",
      seed: "servicenow-okta-spoke-setup.txt",
      capability: "servicenow-spoke",
      part: "scopes",
      for: 'step 9 "Grant permissions to access Okta APIs" (all spoke actions; a subset is allowed)',
    },
  ],
  // The stack's own receiver app; the Twilio guide reads users' phone numbers (Okta User API).
  "hook-receiver": [
    {
      guide: "Twilio: BYOT event hook",
      seed: "twilio-verify-okta-byot-event-hook.txt",
      capability: "read-users",
      part: "scopes",
      for: "the feedback function looks up a user's phone number (Okta User API)",
    },
  ],
};

function needs(preset: AppPreset | undefined, test: (s: Source) => boolean): VendorNeed[] {
  if (preset === undefined) return [];
  return SOURCES[preset].filter(test).map((s) => ({ guide: s.guide, seed: s.seed, for: s.for }));
}

/** The vendor guides of the app's preset that ask for this scope (empty: none does). */
export function vendorNeedsOfScope(preset: AppPreset | undefined, scope: string): VendorNeed[] {
  return needs(
    preset,
    (s) =>
      s.part === "scopes" &&
      (CAPABILITIES[s.capability].scopes as readonly string[]).includes(scope),
  );
}

/** The vendor guides of the app's preset that ask for this standard role (empty: none does). */
export function vendorNeedsOfRole(preset: AppPreset | undefined, role: string): VendorNeed[] {
  return needs(
    preset,
    (s) =>
      s.part === "roles" &&
      CAPABILITIES[s.capability].roles.some((r) => r.kind === "standard" && r.type === role),
  );
}

/** One line for a report: the vendor's requirement beside a privilege. */
export function describeNeeds(needs: readonly VendorNeed[]): string {
  return needs.length === 0
    ? "no vendor guide of this app asks for it"
    : needs.map((n) => `${n.guide} (${n.seed}): ${n.for}`).join("; ");
}
