// How a user sets a secret config key, and which field names look like credentials: what sheets
// and error messages need about secrets, with no knowledge of which secrets exist (secrets.ts).

import { NAMESPACE } from "./project";

/** Field names that look like credentials; such a value is never echoed in an error. */
export const SECRET_LOOKING =
  /(token|secret|password|passphrase|private.?key|api.?key|credential)/i;

/** `stack` as the user names it (short or `org/project/stack`); `namespace` is the project. */
export function setSecretCommand(key: string, stack: string, namespace = NAMESPACE): string {
  return `pulumi config set --secret ${namespace}:${key} --stack ${stack}`;
}
