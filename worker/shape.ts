// Narrowing helper for untrusted JSON: hook payloads and API answers are read field by field.

/** The value as a plain object, or an empty one when it is not an object. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
