// What an Okta hook needs to know about its receiver: the URL, the header Okta sends and the
// secret in it, and the resources that must exist before Okta calls. HookReceiver produces one
// per endpoint, so the hooks are wired from the receiver's outputs and nothing is copied.

import type * as pulumi from "@pulumi/pulumi";

export interface HookTarget {
  /** https URL Okta calls. */
  readonly uri: pulumi.Input<string>;
  /** Header name Okta sends the secret in (`authScheme.key`). */
  readonly authHeader: pulumi.Input<string>;
  /** SECRET: the header value, sent verbatim (`authScheme.value`). Wrapped again as a secret. */
  readonly secret: pulumi.Input<string>;
  /** Resources that must exist before Okta calls `uri` (the Worker and its route). @default [] */
  readonly dependsOn?: readonly pulumi.Resource[];
}
