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
import { getBoss } from "../boss";
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
      rollBackChangeSet(ctx.db, { ...input, actor: ctx.actor, boss: await getBoss() }),
    ),
  resolveRollback: permissionProcedure("proposal.rollback")
    .input(resolveRollbackInput)
    .mutation(async ({ ctx, input }) =>
      resolveRollbackConflicts(ctx.db, { ...input, actor: ctx.actor, boss: await getBoss() }),
    ),
  retryPartial: permissionProcedure("proposal.rollback")
    .input(retryPartialInput)
    .mutation(async ({ ctx, input }) =>
      retryPartiallyApplied(ctx.db, { ...input, actor: ctx.actor, boss: await getBoss() }),
    ),
  outbox: permissionProcedure("queue.view")
    .input(listOutboxInput)
    .query(({ ctx, input }) => listOutboxForConsole(ctx.db, input)),
  retryOutbox: permissionProcedure("message.retry")
    .input(z.object({ outboxId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) =>
      retryOutboxItem(ctx.db, { outboxId: input.outboxId, actor: ctx.actor, boss: await getBoss() }),
    ),
});
