// Every operation the simulator answers, by operationId, gathered from the API areas' modules.
import { apiTokenHandlers } from "./apiTokens";
import { appHandlers } from "./apps";
import { authenticatorHandlers } from "./authenticators";
import { clientRoleHandlers } from "./clientRoles";
import { configureHandlers } from "./configure";
import { customRoleHandlers } from "./customRoles";
import { eventHookHandlers } from "./eventHooks";
import { grantHandlers } from "./grants";
import { inlineHookHandlers } from "./inlineHooks";
import type { OpHandler } from "./org";
import { policyHandlers } from "./policies";
import { resourceSetHandlers } from "./resourceSets";
import { userHandlers } from "./users";

export const handlers: Readonly<Record<string, OpHandler>> = {
  ...configureHandlers,
  ...appHandlers,
  ...grantHandlers,
  ...clientRoleHandlers,
  ...customRoleHandlers,
  ...resourceSetHandlers,
  ...policyHandlers,
  ...eventHookHandlers,
  ...inlineHookHandlers,
  ...authenticatorHandlers,
  ...apiTokenHandlers,
  ...userHandlers,
};
