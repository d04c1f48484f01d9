import { setChatSecretInput, setTrustedAuthservIdsInput } from "@/contracts/channel-inputs";
import { getChannelSettingsView, setChatSecret, setTrustedAuthservIds } from "../channels/settings";
import { permissionProcedure, router } from "../trpc/init";

/** The channels' settings (API keys live with users: user.createApiKey and friends). */
export const channelRouter = router({
  settings: permissionProcedure("admin.manage").query(({ ctx }) => getChannelSettingsView(ctx.db)),
  setChatSecret: permissionProcedure("admin.manage")
    .input(setChatSecretInput)
    .mutation(({ ctx, input }) => setChatSecret(ctx.db, { ...input, actor: ctx.actor })),
  setTrustedAuthservIds: permissionProcedure("admin.manage")
    .input(setTrustedAuthservIdsInput)
    .mutation(({ ctx, input }) => setTrustedAuthservIds(ctx.db, { ...input, actor: ctx.actor })),
});
