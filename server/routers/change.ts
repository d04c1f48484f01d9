import { z } from "zod";
import { getChangeState } from "../apply/change-state";
import { retryOutboxItem, retryPartialInput, retryPartiallyApplied } from "../apply/retry-external";
import {
  resolveRollbackConflicts,
  resolveRollbackInput,
  rollBackChangeSet,
  rollBackInput,
} from "../apply/rollback";
import { can } from "@/contracts/permissions";
import { listOutboxForConsole, listOutboxInput } from "../outbox/list";
import { permissionProcedure, router } from "../trpc/init";

/** Applied changes after the fact: rollback, external deliveries, the outbox. */
export const changeRouter = router({
  state: permissionProcedure("queue.view")
    .input(z.object({ proposalId: z.string().uuid() }))
    .query(async ({ ctx, input }) => ({
      ...(await getChangeState(ctx.db, input.proposalId)),
      // only shapes the buttons; the mutations check the permission themselves
      canRollBack: can(ctx.user.role, "proposal.rollback"),
    })),
  rollBack: permissionProcedure("proposal.rollback")
    .input(rollBackInput)
    .mutation(async ({ ctx, input }) =>
      rollBackChangeSet({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  resolveRollback: permissionProcedure("proposal.rollback")
    .input(resolveRollbackInput)
    .mutation(async ({ ctx, input }) =>
      resolveRollbackConflicts({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  retryPartial: permissionProcedure("proposal.rollback")
    .input(retryPartialInput)
    .mutation(async ({ ctx, input }) =>
      retryPartiallyApplied({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  outbox: permissionProcedure("queue.view")
    .input(listOutboxInput)
    .query(({ ctx, input }) => listOutboxForConsole(ctx.db, input)),
  retryOutbox: permissionProcedure("message.retry")
    .input(z.object({ outboxId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) =>
      retryOutboxItem(
        { db: ctx.db, boss: await ctx.getBoss() },
        { outboxId: input.outboxId, actor: ctx.actor },
      ),
    ),
});
