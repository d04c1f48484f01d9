import { z } from "zod";
import { listAuditEvents } from "@/db/queries/audit";
import { getProposalById } from "@/db/queries/proposals";
import { configuredVerifyOptions } from "../audit/trust";
import { verifyAuditChain } from "../audit/verify";
import { permissionProcedure, router } from "../trpc/init";

export const auditFilterInput = z.object({
  contactId: z.string().uuid().optional(),
  proposalId: z.string().uuid().optional(),
  messageId: z.string().uuid().optional(),
  action: z.string().trim().max(100).optional(),
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const auditRouter = router({
  list: permissionProcedure("audit.view")
    .input(auditFilterInput)
    .query(async ({ ctx, input }) => {
      // a proposal's trail starts with the message it came from (received, extracted)
      const proposal = input.proposalId ? await getProposalById(ctx.db, input.proposalId) : undefined;
      const events = await listAuditEvents(ctx.db, {
        ...input,
        includeMessageId: proposal?.messageId ?? undefined,
        limit: input.limit + 1,
      });
      const page = events.slice(0, input.limit);
      return { events: page, nextBeforeId: events.length > input.limit ? (page.at(-1)?.id ?? null) : null };
    }),
  verify: permissionProcedure("audit.view").mutation(({ ctx }) =>
    verifyAuditChain(ctx.db, configuredVerifyOptions()),
  ),
});
