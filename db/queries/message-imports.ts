import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { messageImportRows, messageImports, messages, users } from "../schema";

export type MessageImport = typeof messageImports.$inferSelect;
export type MessageImportRow = typeof messageImportRows.$inferSelect;

/** Rows go in batches: one statement per batch keeps a 10,000-row preview to a handful of round trips. */
const insertBatch = 1000;

export async function insertMessageImport(db: DbOrTx, values: typeof messageImports.$inferInsert) {
  const [created] = await db.insert(messageImports).values(values).returning();
  if (!created) throw new Error("insert into message_imports returned nothing");
  return created;
}

export async function insertMessageImportRows(db: DbOrTx, rows: (typeof messageImportRows.$inferInsert)[]) {
  for (let start = 0; start < rows.length; start += insertBatch)
    await db.insert(messageImportRows).values(rows.slice(start, start + insertBatch));
}

export async function getMessageImport(db: DbOrTx, id: string): Promise<MessageImport | undefined> {
  const [found] = await db.select().from(messageImports).where(eq(messageImports.id, id));
  return found;
}

export async function getMessageImportForUpdate(db: DbOrTx, id: string): Promise<MessageImport | undefined> {
  const [found] = await db.select().from(messageImports).where(eq(messageImports.id, id)).for("update");
  return found;
}

export async function updateMessageImport(
  db: DbOrTx,
  id: string,
  values: Partial<typeof messageImports.$inferInsert>,
): Promise<MessageImport> {
  const [updated] = await db
    .update(messageImports)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(messageImports.id, id))
    .returning();
  if (!updated) throw new Error(`message import ${id} vanished`);
  return updated;
}

/** Adds to the progress counters in place, so a chunk never overwrites another's count. */
export async function addMessageImportProgress(
  db: DbOrTx,
  id: string,
  counts: { imported: number; duplicates: number; failed: number },
): Promise<void> {
  await db
    .update(messageImports)
    .set({
      importedRows: sql`${messageImports.importedRows} + ${counts.imported}`,
      duplicateRows: sql`${messageImports.duplicateRows} + ${counts.duplicates}`,
      failedRows: sql`${messageImports.failedRows} + ${counts.failed}`,
      updatedAt: new Date(),
    })
    .where(eq(messageImports.id, id));
}

export async function listMessageImports(db: DbOrTx, params: { limit: number }) {
  return db
    .select({
      id: messageImports.id,
      filename: messageImports.filename,
      format: messageImports.format,
      status: messageImports.status,
      totalRows: messageImports.totalRows,
      validRows: messageImports.validRows,
      importedRows: messageImports.importedRows,
      duplicateRows: messageImports.duplicateRows,
      failedRows: messageImports.failedRows,
      createdAt: messageImports.createdAt,
      finishedAt: messageImports.finishedAt,
      createdByName: users.name,
    })
    .from(messageImports)
    .leftJoin(users, eq(users.id, messageImports.createdBy))
    .orderBy(desc(messageImports.createdAt), desc(messageImports.id))
    .limit(params.limit);
}

/** Every row's number and input, in file order: what a new mapping is read against. */
export async function listMessageImportRowInputs(db: DbOrTx, importId: string) {
  return db
    .select({ rowNumber: messageImportRows.rowNumber, input: messageImportRows.input })
    .from(messageImportRows)
    .where(eq(messageImportRows.importId, importId))
    .orderBy(asc(messageImportRows.rowNumber));
}

/**
 * Writes each row's id and error as a new mapping read them. Ids are cleared first: one UPDATE
 * that moves id "7" from row 3 to row 5 would trip the (import, row id) unique key half-way.
 */
export async function setMessageImportRowReadings(
  db: DbOrTx,
  importId: string,
  readings: { rowNumber: number; rowId: string | null; error: string | null }[],
): Promise<void> {
  await db.update(messageImportRows).set({ rowId: null }).where(eq(messageImportRows.importId, importId));
  for (let start = 0; start < readings.length; start += insertBatch) {
    const batch = readings.slice(start, start + insertBatch);
    await db.execute(sql`
      update message_import_rows r
      set row_id = v."rowId", error = v.error
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v("rowNumber" int, "rowId" text, "error" text)
      where r.import_id = ${importId} and r.row_number = v."rowNumber"`);
  }
}

/** A page of rows in file order after `after`, optionally only those with an error, with their message. */
export async function listMessageImportRows(
  db: DbOrTx,
  params: { importId: string; errorsOnly: boolean; after: number; limit: number },
) {
  return db
    .select({
      rowNumber: messageImportRows.rowNumber,
      rowId: messageImportRows.rowId,
      input: messageImportRows.input,
      error: messageImportRows.error,
      done: messageImportRows.done,
      messageId: messageImportRows.messageId,
      messageStatus: messages.status,
      /** false for a duplicate: the message was stored by an earlier import (or another row id's) */
      createdHere: sql<boolean>`coalesce(${messages.raw} -> 'import' ->> 'id' = ${params.importId}, false)`,
    })
    .from(messageImportRows)
    .leftJoin(messages, eq(messages.id, messageImportRows.messageId))
    .where(
      and(
        eq(messageImportRows.importId, params.importId),
        gt(messageImportRows.rowNumber, params.after),
        params.errorsOnly ? isNotNull(messageImportRows.error) : undefined,
      ),
    )
    .orderBy(asc(messageImportRows.rowNumber))
    .limit(params.limit);
}

/** The next rows a run stores: valid, not yet through ingest, in file order, locked for this chunk. */
export async function listPendingMessageImportRows(db: DbOrTx, params: { importId: string; limit: number }) {
  return db
    .select({
      rowNumber: messageImportRows.rowNumber,
      rowId: messageImportRows.rowId,
      input: messageImportRows.input,
    })
    .from(messageImportRows)
    .where(
      and(
        eq(messageImportRows.importId, params.importId),
        eq(messageImportRows.done, false),
        isNull(messageImportRows.error),
      ),
    )
    .orderBy(asc(messageImportRows.rowNumber))
    .limit(params.limit)
    .for("update", { skipLocked: true });
}

export async function hasPendingMessageImportRows(db: DbOrTx, importId: string): Promise<boolean> {
  const [row] = await db
    .select({ rowNumber: messageImportRows.rowNumber })
    .from(messageImportRows)
    .where(
      and(
        eq(messageImportRows.importId, importId),
        eq(messageImportRows.done, false),
        isNull(messageImportRows.error),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Marks rows through ingest, each with the message it became (or already was) or its error. */
export async function finishMessageImportRows(
  db: DbOrTx,
  importId: string,
  rows: { rowNumber: number; messageId: string | null; error: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    update message_import_rows r
    set done = true, message_id = v."messageId", error = v.error
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v("rowNumber" int, "messageId" uuid, "error" text)
    where r.import_id = ${importId} and r.row_number = v."rowNumber"`);
}

/** How many of the rows still to run were imported before (by any import): they will be duplicates. */
export async function countPreviouslyImportedRows(db: DbOrTx, importId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(messageImportRows)
    .innerJoin(messages, and(eq(messages.channel, "import"), eq(messages.sourceId, messageImportRows.rowId)))
    .where(
      and(
        eq(messageImportRows.importId, importId),
        eq(messageImportRows.done, false),
        isNull(messageImportRows.error),
      ),
    );
  return row?.count ?? 0;
}

/** Inserts the messages whose `(channel, source id)` is new; returns those it inserted. */
export async function insertMessagesIfNew(db: DbOrTx, values: (typeof messages.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db
    .insert(messages)
    .values(values)
    .onConflictDoNothing({ target: [messages.channel, messages.sourceId] })
    .returning({ id: messages.id, sourceId: messages.sourceId, sender: messages.sender });
}

export async function listMessageIdsBySource(
  db: DbOrTx,
  params: { channel: "import"; sourceIds: string[] },
): Promise<Map<string, string>> {
  if (params.sourceIds.length === 0) return new Map();
  const found = await db
    .select({ id: messages.id, sourceId: messages.sourceId })
    .from(messages)
    .where(and(eq(messages.channel, params.channel), inArray(messages.sourceId, params.sourceIds)));
  return new Map(found.map((row) => [row.sourceId, row.id]));
}

/** This import's messages the pipeline has not read yet: how far processing trails the import. */
export async function countMessageImportAwaitingPipeline(db: DbOrTx, importId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(messageImportRows)
    .innerJoin(messages, eq(messages.id, messageImportRows.messageId))
    .where(and(eq(messageImportRows.importId, importId), eq(messages.status, "received")));
  return row?.count ?? 0;
}
