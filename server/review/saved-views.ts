import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { deleteSavedView, listSavedViews, upsertSavedView } from "@/db/queries/review";
import { AppError } from "../errors";
import { parseQueueFilter, queueFilterToQuery } from "@/contracts/queue-filters";

export const saveViewInput = z.object({
  name: z.string().trim().min(1, "Give the view a name").max(60),
  filters: z.record(z.string(), z.string()),
});
export const deleteViewInput = z.object({ id: z.string().uuid() });

/** A person's named queue filters. Stored as the URL query, cleaned of anything the queue would not accept. */
export async function listViews(db: DbOrTx, userId: string) {
  return listSavedViews(db, userId);
}

export async function saveView(db: DbOrTx, params: z.infer<typeof saveViewInput> & { userId: string }) {
  const filters = queueFilterToQuery(parseQueueFilter(params.filters));
  const view = await upsertSavedView(db, { userId: params.userId, name: params.name, filters });
  if (!view) throw new AppError("INTERNAL_SERVER_ERROR", "The view was not saved");
  return view;
}

export async function deleteView(db: DbOrTx, params: z.infer<typeof deleteViewInput> & { userId: string }) {
  const deleted = await deleteSavedView(db, { id: params.id, userId: params.userId });
  if (!deleted) throw new AppError("NOT_FOUND", "This view does not exist");
  return deleted;
}
