// Finds the phone number a user's SMS/voice factor uses: the profile's mobilePhone, then
// primaryPhone (Users API), then the sms/call factor's profile.phoneNumber (Factors API).
// Reads go through a per-delivery cache, so a user with several events is read once.

import type { Deadline } from "./deadline";
import type { Logger } from "./log";
import type { ApiResult, OktaApi } from "./okta-api";
import { toE164 } from "./phone";
import { asRecord } from "./shape";

export interface FoundPhone {
  readonly e164: string;
  readonly source: "mobilePhone" | "primaryPhone" | "factor";
}

/** Okta GETs already made (or in flight) in this delivery, by path. */
export type OktaReads = Map<string, Promise<ApiResult>>;

export async function findUserPhone(
  api: OktaApi,
  reads: OktaReads,
  userId: string,
  factor: "sms" | "call",
  region: string,
  deadline: Deadline,
  log: Logger,
): Promise<FoundPhone | undefined> {
  const read = (path: string): Promise<ApiResult> => {
    let result = reads.get(path);
    if (!result) {
      // A failure is shared too: the user's other events would meet the same Okta answer.
      result = api.get(path, deadline, log);
      reads.set(path, result);
    }
    return result;
  };
  const base = `/api/v1/users/${encodeURIComponent(userId)}`;
  const user = await read(base);
  if (!user.found) return undefined;
  const profile = asRecord(asRecord(user.body).profile);
  for (const source of ["mobilePhone", "primaryPhone"] as const) {
    const e164 = phoneOf(profile[source], region);
    if (e164) return { e164, source };
  }

  const factors = await read(`${base}/factors`);
  const list = factors.found && Array.isArray(factors.body) ? factors.body.map(asRecord) : [];
  // The factor that matches the event first, then any other phone factor.
  const ordered = [
    ...list.filter((f) => f.factorType === factor),
    ...list.filter(
      (f) => f.factorType !== factor && (f.factorType === "sms" || f.factorType === "call"),
    ),
  ];
  for (const f of ordered) {
    const e164 = phoneOf(asRecord(f.profile).phoneNumber, region);
    if (e164) return { e164, source: "factor" };
  }
  return undefined;
}

function phoneOf(value: unknown, region: string): string | undefined {
  return typeof value === "string" ? toE164(value, region) : undefined;
}
