import { messageStatuses } from "@/contracts/statuses";
import { z } from "zod";
import { listMessages } from "@/db/queries/messages";
import { ingestMessage } from "../channels/ingest";
import { messageInputSchema } from "@/contracts/message-input";
import { retryMessage } from "../pipeline/retry-message";
import { permissionProcedure, router } from "../trpc/init";

export const messageRouter = router({
  ingest: permissionProcedure("message.ingest")
    .input(messageInputSchema)
    .mutation(async ({ ctx, input }) => {
      const result = await ingestMessage(
        { db: ctx.db, boss: await ctx.getBoss() },
        { input, raw: input, actor: ctx.actor },
      );
      return { id: result.message.id, created: result.created, status: result.message.status };
    }),
  list: permissionProcedure("queue.view")
    .input(
      z.object({
        status: z.enum(messageStatuses).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listMessages(ctx.db, input)),
  retry: permissionProcedure("message.retry")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) =>
      retryMessage({ db: ctx.db, boss: await ctx.getBoss() }, { messageId: input.id, actor: ctx.actor }),
    ),
});
