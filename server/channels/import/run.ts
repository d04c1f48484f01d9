import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import {
  addMessageImportProgress,
  finishMessageImportRows,
  getMessageImportForUpdate,
  hasPendingMessageImportRows,
  insertMessagesIfNew,
  listMessageIdsBySource,
  listPendingMessageImportRows,
  updateMessageImport,
  type MessageImport,
} from "@/db/queries/message-imports";
import { getUserById } from "@/db/queries/users";
import type { messages } from "@/db/schema";
import { importedMessagePriority } from "@/jobs/definitions";
import { enqueueMany, enqueueOrReschedule } from "@/jobs/enqueue";
import { appendAuditEvents, systemActor, type Actor, type AuditEventInput } from "../../audit/append";
import { AppError } from "../../errors";
import type { UserActor } from "./preview";
import { readImportRow } from "./read-row";

export type ImportRunDeps = { db: Db; boss: PgBoss };

/** Rows per chunk: each chunk is one transaction, short enough that its locks are brief. */
export const defaultChunkRows = 250;
/** How long one job stores chunks before it hands the rest to the next job (pause is read per chunk). */
const runBudgetMs = 10_000;
/**
 * Every chunk moves the import's waiting job this far ahead: a watchdog. While the run lives it
 * never comes due; when the worker dies mid-run it does, and another worker carries on without
 * waiting for the dead job's heartbeat to be noticed (a minute and more).
 */
const watchdogSeconds = 15;

function importEvent(actor: Actor, found: MessageImport, action: string, data: Record<string, unknown> = {}) {
  return {
    actor,
    action,
    entityType: "message_import",
    entityId: found.id,
    data: { filename: found.filename, ...data },
  } satisfies AuditEventInput;
}

async function lockImport(tx: Tx, id: string): Promise<MessageImport> {
  const found = await getMessageImportForUpdate(tx, id);
  if (!found) throw new AppError("NOT_FOUND", "This import does not exist.");
  return found;
}

/** The import's one waiting job, due in `inSeconds` (the queue keeps one waiting per import). */
async function scheduleRun(deps: ImportRunDeps, tx: Tx, importId: string, inSeconds: number) {
  await enqueueOrReschedule(
    deps.boss,
    tx,
    "message-import",
    { importId },
    { singletonKey: importId, startAfter: inSeconds },
  );
}

/** Starts a previewed import: its valid rows become messages, chunk by chunk, in the worker. */
export async function startImport(deps: ImportRunDeps, params: { id: string; actor: UserActor }) {
  return deps.db.transaction(async (tx) => {
    const found = await lockImport(tx, params.id);
    if (found.status !== "previewed")
      throw new AppError("CONFLICT", `This import has already started (it is ${found.status}).`);
    if (found.validRows === 0)
      throw new AppError(
        "BAD_REQUEST",
        "No row can be imported: every row has an error. Fix the file or the columns and upload it again.",
      );
    const updated = await updateMessageImport(tx, found.id, {
      status: "running",
      startedAt: new Date(),
      error: null,
    });
    await scheduleRun(deps, tx, found.id, 0);
    await appendAuditEvents(tx, [
      importEvent(params.actor, found, "import.started", { rows: found.validRows }),
    ]);
    return updated;
  });
}

/** Stops a running import after the chunk in progress; nothing stored is undone. */
export async function pauseImport(deps: ImportRunDeps, params: { id: string; actor: UserActor }) {
  return deps.db.transaction(async (tx) => {
    const found = await lockImport(tx, params.id);
    if (found.status === "paused") return found;
    if (found.status !== "running")
      throw new AppError("CONFLICT", `Only a running import can be paused (this one is ${found.status}).`);
    const updated = await updateMessageImport(tx, found.id, { status: "paused" });
    await appendAuditEvents(tx, [importEvent(params.actor, found, "import.paused")]);
    return updated;
  });
}

/**
 * Continues a paused or failed import at its first row not stored. On a running import it only
 * makes sure a run is queued (the queue keeps one per import), which is what a stuck run needs.
 */
export async function resumeImport(deps: ImportRunDeps, params: { id: string; actor: UserActor }) {
  return deps.db.transaction(async (tx) => {
    const found = await lockImport(tx, params.id);
    if (found.status === "running") {
      await scheduleRun(deps, tx, found.id, 0);
      return found;
    }
    if (found.status !== "paused" && found.status !== "failed")
      throw new AppError(
        "CONFLICT",
        `Only a paused or failed import can be resumed (this one is ${found.status}).`,
      );
    const updated = await updateMessageImport(tx, found.id, {
      status: "running",
      error: null,
      finishedAt: null,
    });
    await scheduleRun(deps, tx, found.id, 0);
    await appendAuditEvents(tx, [importEvent(params.actor, found, "import.resumed", { from: found.status })]);
    return updated;
  });
}

/** A run that kept failing: the import says so with the error, and a person can resume it. */
export async function markImportFailed(db: Db, params: { importId: string; error: string }) {
  await db.transaction(async (tx) => {
    const found = await getMessageImportForUpdate(tx, params.importId);
    if (!found || found.status !== "running") return;
    await updateMessageImport(tx, found.id, { status: "failed", error: params.error.slice(0, 1000) });
    await appendAuditEvents(tx, [importEvent(systemActor, found, "import.failed", { error: params.error })]);
  });
}

/** The person an import's messages are recorded as received from (they uploaded the file). */
async function importActor(tx: Tx, found: MessageImport): Promise<Actor> {
  const user = found.createdBy ? await getUserById(tx, found.createdBy) : undefined;
  return user
    ? { type: "user", id: user.id, label: `${user.name} <${user.email}>` }
    : { type: "system", id: null, label: "import" };
}

type PendingRow = Awaited<ReturnType<typeof listPendingMessageImportRows>>[number];
type RowOutcome = { rowNumber: number; messageId: string | null; error: string | null };

/**
 * Inserts a chunk's messages in one statement. Should that fail, each row is tried alone in a
 * savepoint, so one row Postgres refuses fails with its reason and the others are stored.
 */
async function insertChunk(tx: Tx, values: (typeof messages.$inferInsert)[]) {
  try {
    return {
      created: await tx.transaction((savepoint) => insertMessagesIfNew(savepoint, values)),
      refused: [],
    };
  } catch {
    const created: Awaited<ReturnType<typeof insertMessagesIfNew>> = [];
    const refused: { sourceId: string; error: string }[] = [];
    for (const value of values) {
      try {
        created.push(...(await tx.transaction((savepoint) => insertMessagesIfNew(savepoint, [value]))));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        refused.push({
          sourceId: value.sourceId,
          error: `The message could not be stored: ${reason.slice(0, 300)}`,
        });
      }
    }
    return { created, refused };
  }
}

export type ChunkResult = {
  state: "stopped" | "more" | "done";
  imported: number;
  duplicates: number;
  failed: number;
};

/**
 * One chunk of a running import, in one transaction: its rows become messages (a row whose
 * source id exists is a duplicate and links to that message), each new message's processing is
 * queued at the import priority, the rows are marked done and the counters move. Safe to run
 * again at any point: a row is either done with its message or untouched.
 */
export async function processImportChunk(
  deps: ImportRunDeps,
  params: { importId: string; chunkRows: number; handOver?: boolean },
): Promise<ChunkResult> {
  return deps.db.transaction(async (tx) => {
    const found = await getMessageImportForUpdate(tx, params.importId);
    if (!found || found.status !== "running")
      return { state: "stopped", imported: 0, duplicates: 0, failed: 0 };
    const rows = await listPendingMessageImportRows(tx, { importId: found.id, limit: params.chunkRows });
    const actor = await importActor(tx, found);
    const reason = `imported by ${actor.label} from ${found.filename}`;

    const outcomes: RowOutcome[] = [];
    const toInsert: { row: PendingRow; value: typeof messages.$inferInsert }[] = [];
    for (const row of rows) {
      const reading = row.input ? readImportRow(row.input, found.columns.mapping) : null;
      if (!reading?.ok || !row.rowId) {
        outcomes.push({
          rowNumber: row.rowNumber,
          messageId: null,
          error: reading?.ok === false ? reading.error : "The row was not kept",
        });
        continue;
      }
      const id = randomUUID();
      toInsert.push({
        row,
        value: {
          id,
          channel: "import",
          // the row id is the idempotency key across imports: the same row imported again is found here
          sourceId: row.rowId,
          sender: reading.fields.sender,
          subject: reading.fields.subject,
          text: reading.fields.text,
          receivedAt: reading.fields.receivedAt ?? found.createdAt,
          raw: {
            import: { id: found.id, filename: found.filename, row: row.rowNumber },
            values: row.input?.values ?? {},
          },
          senderVerification: "unverified",
          senderVerificationReason: `${reason} (row ${row.rowNumber})`.slice(0, 500),
          authorKind: "customer",
          threadId: id,
        },
      });
    }

    // in source id order: two imports sharing rows lock them in one order and cannot deadlock
    const { created, refused } = await insertChunk(
      tx,
      toInsert.map((item) => item.value).toSorted((a, b) => (a.sourceId < b.sourceId ? -1 : 1)),
    );
    const createdBySource = new Map(created.map((message) => [message.sourceId, message.id]));
    const refusedBySource = new Map(refused.map((item) => [item.sourceId, item.error]));
    const existing = await listMessageIdsBySource(tx, {
      channel: "import",
      sourceIds: toInsert
        .map((item) => item.value.sourceId)
        .filter((sourceId) => !createdBySource.has(sourceId) && !refusedBySource.has(sourceId)),
    });
    let duplicates = 0;
    for (const { row, value } of toInsert) {
      const createdId = createdBySource.get(value.sourceId);
      const existingId = existing.get(value.sourceId);
      if (createdId) outcomes.push({ rowNumber: row.rowNumber, messageId: createdId, error: null });
      else if (existingId) {
        duplicates++;
        outcomes.push({ rowNumber: row.rowNumber, messageId: existingId, error: null });
      } else
        outcomes.push({
          rowNumber: row.rowNumber,
          messageId: null,
          error:
            refusedBySource.get(value.sourceId) ??
            "The message was neither stored nor found; resume to try again",
        });
    }
    const failed = outcomes.filter((outcome) => outcome.error !== null).length;

    await enqueueMany(
      deps.boss,
      tx,
      "message-process",
      created.map((message) => ({ messageId: message.id })),
      { priority: importedMessagePriority },
    );
    await finishMessageImportRows(tx, found.id, outcomes);
    await addMessageImportProgress(tx, found.id, { imported: created.length, duplicates, failed });

    const more = await hasPendingMessageImportRows(tx, found.id);
    const events: AuditEventInput[] = created.map((message) => ({
      actor,
      action: "message.received",
      entityType: "message",
      entityId: message.id,
      messageId: message.id,
      data: {
        channel: "import",
        sourceId: message.sourceId,
        sender: message.sender,
        senderVerification: "unverified",
        importId: found.id,
      },
    }));
    if (more) await scheduleRun(deps, tx, found.id, params.handOver ? 0 : watchdogSeconds);
    else {
      await updateMessageImport(tx, found.id, { status: "done", finishedAt: new Date() });
      events.push(importEvent(systemActor, found, "import.finished"));
    }
    await appendAuditEvents(tx, events);
    return { state: more ? "more" : "done", imported: created.length, duplicates, failed };
  });
}

/**
 * The job: chunks one after another for up to ~10 s; the last one hands the rest to the import's
 * waiting job, due at once. A pause is seen at the next chunk.
 */
export async function runImport(
  deps: ImportRunDeps,
  params: { importId: string; chunkRows?: number },
): Promise<ChunkResult & { chunks: number }> {
  const started = performance.now();
  const total = {
    state: "stopped" as ChunkResult["state"],
    imported: 0,
    duplicates: 0,
    failed: 0,
    chunks: 0,
  };
  for (;;) {
    const handOver = performance.now() - started > runBudgetMs;
    const result = await processImportChunk(deps, {
      importId: params.importId,
      chunkRows: params.chunkRows ?? defaultChunkRows,
      handOver,
    });
    total.state = result.state;
    total.imported += result.imported;
    total.duplicates += result.duplicates;
    total.failed += result.failed;
    if (result.state !== "stopped") total.chunks++;
    if (result.state !== "more" || handOver) return total;
  }
}
