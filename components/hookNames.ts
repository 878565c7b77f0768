// Names the hook components give to what they create in Okta and Cloudflare: derived from the
// project, the stack and the component's stable key, never from a list position.

import { HookError } from "./hookErrors";

/** Cloudflare script names become a DNS label on workers.dev: lowercase letters, digits, '-'. */
export const WORKER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Okta's limit on event hook and inline hook names. */
export const HOOK_NAME_MAX_LENGTH = 255;

/** `<project>-<stack>-hooks`, lowercased with anything else turned into '-'. */
export function defaultWorkerName(project: string, stack: string): string {
  const name = `${project}-${stack}-hooks`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "");
  if (!WORKER_NAME.test(name)) {
    throw new HookError(
      "argument_invalid",
      `workerName: the default ${JSON.stringify(name)} (from project ${JSON.stringify(project)} and stack ${JSON.stringify(stack)}) is not a valid Worker name; set workerName to 1-63 lowercase letters, digits or '-'`,
    );
  }
  return name;
}

/** Display name of an Okta hook: `<project>-<stack>-<key>` unless the caller chose one. */
export function hookDisplayName(
  project: string,
  stack: string,
  key: string,
  chosen?: string,
): string {
  const name = chosen ?? `${project}-${stack}-${key}`;
  if (name.trim() === "" || name.length > HOOK_NAME_MAX_LENGTH) {
    throw new HookError(
      "argument_invalid",
      `displayName: must be 1-${HOOK_NAME_MAX_LENGTH} characters; got ${name.length} characters`,
    );
  }
  return name;
}
