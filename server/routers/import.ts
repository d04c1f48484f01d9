import {
  importIdInput,
  listImportRowsInput,
  listImportsInput,
  updateImportMappingInput,
} from "@/contracts/import-inputs";
import { listMessageImports } from "@/db/queries/message-imports";
import { updateImportMapping } from "../channels/import/preview";
import { getImportSummary, listImportRowsPage } from "../channels/import/read";
import { pauseImport, resumeImport, startImport } from "../channels/import/run";
import { permissionProcedure, router } from "../trpc/init";

/**
 * Bulk imports of past messages. The file itself is uploaded to `POST /api/imports` (a body of
 * megabytes, its size read off the stream); everything after the upload is here.
 */
export const importRouter = router({
  list: permissionProcedure("message.import")
    .input(listImportsInput)
    .query(({ ctx, input }) => listMessageImports(ctx.db, input)),
  get: permissionProcedure("message.import")
    .input(importIdInput)
    .query(({ ctx, input }) => getImportSummary(ctx.db, input.id)),
  rows: permissionProcedure("message.import")
    .input(listImportRowsInput)
    .query(({ ctx, input }) => listImportRowsPage(ctx.db, input)),
  updateMapping: permissionProcedure("message.import")
    .input(updateImportMappingInput)
    .mutation(({ ctx, input }) => updateImportMapping({ db: ctx.db }, { ...input, actor: ctx.actor })),
  start: permissionProcedure("message.import")
    .input(importIdInput)
    .mutation(async ({ ctx, input }) =>
      startImport({ db: ctx.db, boss: await ctx.getBoss() }, { id: input.id, actor: ctx.actor }),
    ),
  pause: permissionProcedure("message.import")
    .input(importIdInput)
    .mutation(async ({ ctx, input }) =>
      pauseImport({ db: ctx.db, boss: await ctx.getBoss() }, { id: input.id, actor: ctx.actor }),
    ),
  resume: permissionProcedure("message.import")
    .input(importIdInput)
    .mutation(async ({ ctx, input }) =>
      resumeImport({ db: ctx.db, boss: await ctx.getBoss() }, { id: input.id, actor: ctx.actor }),
    ),
});
