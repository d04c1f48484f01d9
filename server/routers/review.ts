import { countNeedingLead } from "@/db/queries/queue";
import { listAssignableUsers } from "@/db/queries/review";
import { can } from "@/contracts/permissions";
import { bulkDecide, bulkDecideInput } from "../review/bulk";
import {
  claimInput,
  claimProposal,
  reassignInput,
  reassignProposal,
  releaseProposalClaim,
} from "../review/claims";
import { getCustomerContext } from "../review/customer-context";
import { getQueueCounts } from "../review/queue-counts";
import { queueFilterSchema } from "@/contracts/queue-filters";
import { deleteView, deleteViewInput, listViews, saveView, saveViewInput } from "../review/saved-views";
import { permissionProcedure, router } from "../trpc/init";

export const reviewRouter = router({
  counts: permissionProcedure("queue.view")
    .input(queueFilterSchema)
    .query(({ ctx, input }) => getQueueCounts(ctx.db, { filter: input, userId: ctx.user.id })),
  /** the navigation badge: escalated and overdue items, for the people who handle them (leads) */
  attention: permissionProcedure("queue.view").query(async ({ ctx }) => {
    if (!can(ctx.user.role, "proposal.assign")) return null;
    return countNeedingLead(ctx.db, new Date());
  }),
  context: permissionProcedure("queue.view")
    .input(claimInput)
    .query(({ ctx, input }) => getCustomerContext(ctx.db, input.proposalId)),
  claim: permissionProcedure("proposal.decide")
    .input(claimInput)
    .mutation(({ ctx, input }) => claimProposal(ctx.db, { ...input, actor: ctx.actor })),
  release: permissionProcedure("proposal.decide")
    .input(claimInput)
    .mutation(({ ctx, input }) => releaseProposalClaim(ctx.db, { ...input, actor: ctx.actor })),
  assignees: permissionProcedure("proposal.assign").query(({ ctx }) => listAssignableUsers(ctx.db)),
  reassign: permissionProcedure("proposal.assign")
    .input(reassignInput)
    .mutation(({ ctx, input }) => reassignProposal(ctx.db, { ...input, actor: ctx.actor })),
  bulkDecide: permissionProcedure("proposal.bulk")
    .input(bulkDecideInput)
    .mutation(async ({ ctx, input }) =>
      bulkDecide({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  views: permissionProcedure("queue.view").query(({ ctx }) => listViews(ctx.db, ctx.user.id)),
  saveView: permissionProcedure("queue.view")
    .input(saveViewInput)
    .mutation(({ ctx, input }) => saveView(ctx.db, { ...input, userId: ctx.user.id })),
  deleteView: permissionProcedure("queue.view")
    .input(deleteViewInput)
    .mutation(({ ctx, input }) => deleteView(ctx.db, { ...input, userId: ctx.user.id })),
});
