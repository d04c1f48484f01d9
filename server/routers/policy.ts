import { getActivePolicy, listPolicyVersions } from "@/db/queries/policies";
import { permissionProcedure, router } from "../trpc/init";

export const policyRouter = router({
  active: permissionProcedure("dashboard.view").query(async ({ ctx }) => (await getActivePolicy(ctx.db)) ?? null),
  versions: permissionProcedure("admin.manage").query(({ ctx }) => listPolicyVersions(ctx.db)),
});
