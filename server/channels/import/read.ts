import type { DbOrTx } from "@/db/client";
import {
  countMessageImportAwaitingPipeline,
  countPreviouslyImportedRows,
  getMessageImport,
  listMessageImportRows,
} from "@/db/queries/message-imports";
import { getUserById } from "@/db/queries/users";
import { AppError } from "../../errors";
import { previewCells } from "./read-row";

/**
 * An import as its page shows it: status, counters and progress, the file's columns and the
 * mapping. Rows and their values are read page by page (`listImportRowsPage`), never all at once.
 */
export async function getImportSummary(db: DbOrTx, id: string) {
  const found = await getMessageImport(db, id);
  if (!found) throw new AppError("NOT_FOUND", "This import does not exist.");
  const creator = found.createdBy ? await getUserById(db, found.createdBy) : undefined;
  const invalidRows = found.totalRows - found.validRows;
  const runFailedRows = Math.max(0, found.failedRows - invalidRows);
  const processedRows = found.importedRows + found.duplicateRows + runFailedRows;
  const [previouslyImported, awaitingPipeline] = await Promise.all([
    found.status === "done" ? 0 : countPreviouslyImportedRows(db, id),
    found.status === "previewed" ? 0 : countMessageImportAwaitingPipeline(db, id),
  ]);
  return {
    id: found.id,
    filename: found.filename,
    format: found.format,
    status: found.status,
    error: found.error,
    headers: found.columns.headers,
    mapping: found.columns.mapping,
    detected: found.columns.detected,
    ignored: found.columns.ignored,
    totalRows: found.totalRows,
    validRows: found.validRows,
    invalidRows,
    importedRows: found.importedRows,
    duplicateRows: found.duplicateRows,
    failedRows: found.failedRows,
    runFailedRows,
    processedRows,
    /** rows still to run whose id was imported before: they will count as duplicates */
    previouslyImported,
    awaitingPipeline,
    createdBy: creator ? { name: creator.name, email: creator.email } : null,
    createdAt: found.createdAt,
    startedAt: found.startedAt,
    finishedAt: found.finishedAt,
    updatedAt: found.updatedAt,
  };
}

/**
 * A page of rows with each mapped cell as text (shortened), the row's id, its error, and the
 * message it became. The stored cells never leave the server as an object: a JSONL key such as
 * `__proto__` is data here, and the browser's transformer would refuse it.
 */
export async function listImportRowsPage(
  db: DbOrTx,
  params: { id: string; filter: "all" | "errors"; after: number; limit: number },
) {
  const found = await getMessageImport(db, params.id);
  if (!found) throw new AppError("NOT_FOUND", "This import does not exist.");
  const rows = await listMessageImportRows(db, {
    importId: found.id,
    errorsOnly: params.filter === "errors",
    after: params.after,
    limit: params.limit,
  });
  return {
    rows: rows.map((row) => {
      const cells = previewCells(row.input ?? { values: {}, problem: null }, found.columns.mapping);
      return {
        rowNumber: row.rowNumber,
        rowId: row.rowId ?? cells.rowId,
        sender: cells.name && cells.sender ? `${cells.name} <${cells.sender}>` : cells.sender,
        subject: cells.subject,
        text: cells.text,
        receivedAt: cells.receivedAt,
        error: row.error,
        done: row.done,
        messageId: row.messageId,
        messageStatus: row.messageStatus,
        duplicate: row.messageId !== null && !row.createdHere,
      };
    }),
    nextAfter: rows.length === params.limit ? (rows.at(-1)?.rowNumber ?? null) : null,
  };
}
