// Entry point for the Pulumi engine (`pulumi up`): run the program, export its outputs.

import { main } from "./program";

export = async () => main({ missingSecrets: "fail" });
