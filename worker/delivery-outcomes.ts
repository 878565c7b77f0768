// The counts a delivery's `event_hook.delivery_done` log line carries (event-processor.ts). On
// their own, without imports, so the benchmark (run by Node, outside the Worker's types) can sum
// them from the same list.

/** Together they cover every selected event of a delivery. */
export const DELIVERY_OUTCOMES = [
  "approved",
  "same_phone",
  "not_pending",
  "no_phone",
  "failed",
  "duplicate",
  "shed",
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
