import { listUsers } from "@/db/queries/users";
import { createApiKey, createApiKeyInput, setDisabledInput, setRoleInput, setUserDisabled, setUserRole } from "../users/manage";
import { permissionProcedure, protectedProcedure, router } from "../trpc/init";

export const userRouter = router({
  me: protectedProcedure.query(({ ctx }) => ctx.user),
  list: permissionProcedure("admin.manage").query(async ({ ctx }) =>
    (await listUsers(ctx.db)).map(({ passwordHash: _passwordHash, ...user }) => user),
  ),
  setRole: permissionProcedure("admin.manage")
    .input(setRoleInput)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, { ...input, actor: ctx.actor })),
  setDisabled: permissionProcedure("admin.manage")
    .input(setDisabledInput)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, { ...input, actor: ctx.actor })),
  createApiKey: permissionProcedure("admin.manage")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { ...input, actor: ctx.actor })),
});
