import type { DbOrTx } from "../client";
import { extractions } from "../schema";

/**
 * Records one extractor's output for a message. A re-run of the same extractor version (a retried
 * message) replaces its earlier output instead of adding a second row. Returns the row's id.
 */
export async function upsertExtraction(
  db: DbOrTx,
  values: Omit<typeof extractions.$inferInsert, "id" | "createdAt">,
): Promise<string | undefined> {
  const [row] = await db
    .insert(extractions)
    .values(values)
    .onConflictDoUpdate({
      target: [extractions.messageId, extractions.extractorName, extractions.extractorVersion],
      set: { output: values.output, durationMs: values.durationMs, createdAt: new Date() },
    })
    .returning({ id: extractions.id });
  return row?.id;
}
