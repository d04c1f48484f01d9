import {
  pollMailboxInput,
  saveMailboxInput,
  setMailboxEnabledInput,
  testMailboxInput,
} from "@/contracts/mailbox-inputs";
import {
  listMailboxes,
  pollMailboxNow,
  saveMailbox,
  setMailboxEnabled,
  testMailboxConnection,
} from "../channels/imap/manage";
import { permissionProcedure, router } from "../trpc/init";

/** IMAP mailboxes the worker polls. Admins only; the password never leaves the server. */
export const mailboxRouter = router({
  list: permissionProcedure("admin.manage").query(({ ctx }) => listMailboxes(ctx.db)),
  save: permissionProcedure("admin.manage")
    .input(saveMailboxInput)
    .mutation(async ({ ctx, input }) =>
      saveMailbox({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  setEnabled: permissionProcedure("admin.manage")
    .input(setMailboxEnabledInput)
    .mutation(async ({ ctx, input }) =>
      setMailboxEnabled({ db: ctx.db, boss: await ctx.getBoss() }, { ...input, actor: ctx.actor }),
    ),
  // mutations, not queries: they run on demand, never cached or refetched on focus
  test: permissionProcedure("admin.manage")
    .input(testMailboxInput)
    .mutation(({ ctx, input }) => testMailboxConnection(ctx.db, input)),
  poll: permissionProcedure("admin.manage")
    .input(pollMailboxInput)
    .mutation(async ({ ctx, input }) => pollMailboxNow({ db: ctx.db, boss: await ctx.getBoss() }, input)),
});
