import { listApiKeys } from "@/db/queries/api-keys";
import { listUsers } from "@/db/queries/users";
import {
  changePasswordInput,
  forceResetInput,
  liftSignInLockInput,
  createApiKeyInput,
  createUserInput,
  revokeApiKeyInput,
  setDisabledInput,
  setRoleInput,
} from "@/contracts/user-inputs";
import { liftSignInLock, listSignInLocks } from "../auth/sign-in-limits";
import {
  changeOwnPassword,
  forcePasswordReset,
  createApiKey,
  createUser,
  revokeApiKey,
  setUserDisabled,
  setUserRole,
  withoutPasswordHash,
} from "../users/manage";
import { permissionProcedure, protectedProcedure, router } from "../trpc/init";

export const userRouter = router({
  me: protectedProcedure.query(({ ctx }) => ctx.user),
  list: permissionProcedure("admin.manage").query(async ({ ctx }) =>
    (await listUsers(ctx.db)).map(withoutPasswordHash),
  ),
  create: permissionProcedure("admin.manage")
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser(ctx.db, { ...input, actor: ctx.actor })),
  setRole: permissionProcedure("admin.manage")
    .input(setRoleInput)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, { ...input, actor: ctx.actor })),
  setDisabled: permissionProcedure("admin.manage")
    .input(setDisabledInput)
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, { ...input, actor: ctx.actor })),
  listApiKeys: permissionProcedure("admin.manage").query(({ ctx }) => listApiKeys(ctx.db)),
  createApiKey: permissionProcedure("admin.manage")
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { ...input, actor: ctx.actor })),
  revokeApiKey: permissionProcedure("admin.manage")
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { ...input, actor: ctx.actor })),
  /** Anyone signed in changes their own password; their other sessions end. */
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, { ...input, actor: ctx.actor })),
  forcePasswordReset: permissionProcedure("admin.manage")
    .input(forceResetInput)
    .mutation(({ ctx, input }) => forcePasswordReset(ctx.db, { ...input, actor: ctx.actor })),
  signInLocks: permissionProcedure("admin.manage").query(({ ctx }) => listSignInLocks(ctx.db)),
  liftSignInLock: permissionProcedure("admin.manage")
    .input(liftSignInLockInput)
    .mutation(({ ctx, input }) => liftSignInLock(ctx.db, { ...input, actor: ctx.actor })),
});
