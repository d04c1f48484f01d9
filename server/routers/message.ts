import { attentionMessageStatuses, messageStatuses } from "@/contracts/statuses";
import { z } from "zod";
import { countMessagesByStatus, listMessages } from "@/db/queries/messages";
import { addStaffNote } from "../channels/staff-note";
import { staffNoteInputSchema } from "@/contracts/message-input";
import { sendNeedsInformationReply } from "../messages/answer";
import { getMessageDetail } from "../messages/detail";
import { readMessageSource } from "../messages/downloads";
import { linkMessageToCustomer } from "../messages/link-customer";
import { retryMessage } from "../pipeline/retry-message";
import { permissionProcedure, router } from "../trpc/init";

export const messageRouter = router({
  /** A staff note, as the signed-in person: its changes always need a second person. */
  addNote: permissionProcedure("message.note")
    .input(staffNoteInputSchema)
    .mutation(async ({ ctx, input }) =>
      addStaffNote({ db: ctx.db, boss: await ctx.getBoss() }, { input, actor: ctx.actor }),
    ),
  list: permissionProcedure("queue.view")
    .input(
      z.object({
        status: z.enum(messageStatuses).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listMessages(ctx.db, input)),
  /** How many messages wait for a person: unmatched senders and requests that need information. */
  attentionCounts: permissionProcedure("queue.view").query(({ ctx }) =>
    countMessagesByStatus(ctx.db, { statuses: attentionMessageStatuses }),
  ),
  get: permissionProcedure("queue.view")
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getMessageDetail(ctx.db, input.id)),
  /** The start of an email's raw source as text, for reading on the page (the download has it all). */
  source: permissionProcedure("queue.view")
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => readMessageSource(ctx.db, { messageId: input.id })),
  retry: permissionProcedure("message.retry")
    .input(z.object({ id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) =>
      retryMessage({ db: ctx.db, boss: await ctx.getBoss() }, { messageId: input.id, actor: ctx.actor }),
    ),
  linkCustomer: permissionProcedure("proposal.decide")
    .input(
      z.object({
        messageId: z.string().uuid(),
        contactId: z.string().uuid(),
        expectedStatus: z.enum(messageStatuses),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      linkMessageToCustomer({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  sendReply: permissionProcedure("proposal.decide")
    .input(
      z.object({
        messageId: z.string().uuid(),
        expectedStatus: z.enum(messageStatuses),
        subject: z.string().trim().min(1, "The reply needs a subject").max(300),
        body: z.string().trim().min(1, "The reply is empty").max(10_000),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      sendNeedsInformationReply({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
});
