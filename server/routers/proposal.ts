import { z } from "zod";
import { listQueueItems } from "@/db/queries/queue";
import { approveProposal, approveProposalInput, rejectProposal, rejectProposalInput } from "../proposals/decide";
import { getProposalDetail } from "../proposals/detail";
import { permissionProcedure, router } from "../trpc/init";

export const listQueueInput = z.object({
  status: z.enum(["pending_review", "escalated", "conflict", "approved", "applied", "rejected", "declined", "superseded"]).optional(),
  cursor: z.object({ createdAt: z.coerce.date(), id: z.string().uuid() }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const proposalRouter = router({
  list: permissionProcedure("queue.view")
    .input(listQueueInput)
    .query(async ({ ctx, input }) => {
      const items = await listQueueItems(ctx.db, {
        statuses: input.status ? [input.status] : undefined,
        cursor: input.cursor,
        limit: input.limit + 1,
      });
      const page = items.slice(0, input.limit);
      const last = page.at(-1);
      return { items: page, nextCursor: items.length > input.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
    }),
  get: permissionProcedure("queue.view")
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getProposalDetail(ctx.db, input.id)),
  approve: permissionProcedure("proposal.decide")
    .input(approveProposalInput)
    .mutation(({ ctx, input }) => approveProposal(ctx.db, { ...input, actor: ctx.actor })),
  reject: permissionProcedure("proposal.decide")
    .input(rejectProposalInput)
    .mutation(({ ctx, input }) => rejectProposal(ctx.db, { ...input, actor: ctx.actor })),
});
