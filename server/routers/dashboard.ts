import { dashboardSummary } from "../observability/dashboard";
import { dashboardSummaryInput } from "@/contracts/dashboard-window";
import { permissionProcedure, router } from "../trpc/init";

export const dashboardRouter = router({
  summary: permissionProcedure("dashboard.view")
    .input(dashboardSummaryInput)
    .query(({ ctx, input }) => dashboardSummary(ctx.db, { window: input.window })),
});
