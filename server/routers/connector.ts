import { saveConnectorInput, testConnectorInput } from "@/contracts/connector-inputs";
import { listConnectors, saveConnector, testConnector } from "../connectors/manage";
import { permissionProcedure, router } from "../trpc/init";

export const connectorRouter = router({
  list: permissionProcedure("admin.manage").query(({ ctx }) => listConnectors(ctx.db)),
  save: permissionProcedure("admin.manage")
    .input(saveConnectorInput)
    .mutation(({ ctx, input }) => saveConnector(ctx.db, { ...input, actor: ctx.actor })),
  // a mutation, not a query: it is run on demand, never cached or refetched on focus
  test: permissionProcedure("admin.manage")
    .input(testConnectorInput)
    .mutation(({ ctx, input }) => testConnector(ctx.db, input)),
});
