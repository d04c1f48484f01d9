import { getActivePolicy, listPolicyHistory } from "@/db/queries/policies";
import { publishPolicy, publishPolicyInput } from "../policy/publish";
import { simulatePolicy, simulatePolicyInput } from "../policy/simulate";
import { permissionProcedure, router } from "../trpc/init";

export const policyRouter = router({
  active: permissionProcedure("dashboard.view").query(
    async ({ ctx }) => (await getActivePolicy(ctx.db)) ?? null,
  ),
  versions: permissionProcedure("admin.manage").query(({ ctx }) => listPolicyHistory(ctx.db)),
  simulate: permissionProcedure("admin.manage")
    .input(simulatePolicyInput)
    .query(({ ctx, input }) => simulatePolicy(ctx.db, input)),
  publish: permissionProcedure("admin.manage")
    .input(publishPolicyInput)
    .mutation(({ ctx, input }) => publishPolicy(ctx.db, { ...input, actor: ctx.actor })),
});
