import { z } from "zod";
import { listProposalStates, listQueueItems } from "@/db/queries/queue";
import {
  approveProposal,
  approveProposalInput,
  decideChange,
  decideChangeInput,
  escalateProposal,
  escalateProposalInput,
  rejectProposal,
  rejectProposalInput,
} from "../review/decide";
import { getProposalDetail } from "../proposals/detail";
import { listQueueInput } from "@/contracts/queue-filters";
import { permissionProcedure, router } from "../trpc/init";

export { listQueueInput };

export const proposalRouter = router({
  list: permissionProcedure("queue.view")
    .input(listQueueInput)
    .query(async ({ ctx, input }) => {
      const { cursor, limit, ...filter } = input;
      const items = await listQueueItems(ctx.db, {
        filter,
        cursor,
        limit: limit + 1,
        userId: ctx.user.id,
        now: new Date(),
      });
      const page = items.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page,
        nextCursor: items.length > limit && last ? { key: last.sortKey, id: last.id } : null,
      };
    }),
  /** what became of items on screen that left the queue (decided by someone, or by you elsewhere) */
  states: permissionProcedure("queue.view")
    .input(z.object({ ids: z.array(z.string().uuid()).max(200) }))
    .query(({ ctx, input }) => listProposalStates(ctx.db, input.ids)),
  get: permissionProcedure("queue.view")
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getProposalDetail(ctx.db, input.id, ctx.user.id)),
  approve: permissionProcedure("proposal.decide")
    .input(approveProposalInput)
    .mutation(async ({ ctx, input }) =>
      approveProposal({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  reject: permissionProcedure("proposal.decide")
    .input(rejectProposalInput)
    .mutation(({ ctx, input }) => rejectProposal(ctx.db, { ...input, actor: ctx.actor })),
  decideChange: permissionProcedure("proposal.decide")
    .input(decideChangeInput)
    .mutation(async ({ ctx, input }) =>
      decideChange({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  escalate: permissionProcedure("proposal.decide")
    .input(escalateProposalInput)
    .mutation(({ ctx, input }) => escalateProposal(ctx.db, { ...input, actor: ctx.actor })),
});
