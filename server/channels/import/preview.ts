import type { Db } from "@/db/client";
import {
  getMessageImportForUpdate,
  insertMessageImport,
  insertMessageImportRows,
  listMessageImportRowInputs,
  setMessageImportRowReadings,
  updateMessageImport,
  type MessageImport,
} from "@/db/queries/message-imports";
import { importLimits, type ImportMapping, type ImportRowInput } from "@/contracts/import-inputs";
import { appendAuditEvents, type Actor } from "../../audit/append";
import { AppError } from "../../errors";
import { detectMapping } from "./columns";
import { decodeImportFile } from "./decode";
import { detectFormat, parseImportFile } from "./parse";
import { readImportRows } from "./read-row";

export type UserActor = Extract<Actor, { type: "user" }>;

/** The name a person gave the file, without a path or control characters, for the list and the reason. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";

  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return cleaned.slice(0, importLimits.maxFilenameLength) || "upload";
}

function auditImport(actor: UserActor, importId: string, action: string, data: Record<string, unknown>) {
  return { actor, action, entityType: "message_import", entityId: importId, data };
}

/**
 * The dry run: the file is read, its columns detected and every row checked, and all of it is
 * stored (the import and one row each) so the run needs no second upload. Nothing becomes a
 * message here. Unreadable files are refused with the reason; unreadable rows keep theirs.
 */
export async function previewImport(
  deps: { db: Db },
  params: { bytes: Buffer; filename: string; actor: UserActor },
): Promise<MessageImport> {
  if (params.bytes.length > importLimits.maxBytes)
    throw new AppError(
      "BAD_REQUEST",
      `The file is larger than the ${importLimits.maxBytes / 1024 / 1024} MB import limit; split it and import the parts.`,
    );
  const filename = cleanFilename(params.filename);
  const text = decodeImportFile(params.bytes);
  const file = parseImportFile(detectFormat(filename, text), text);
  const { mapping, ignored } = detectMapping(file.headers);
  const readings = readImportRows(file.rows, mapping);
  const invalid = readings.filter((reading) => reading.error !== null).length;

  return deps.db.transaction(async (tx) => {
    const created = await insertMessageImport(tx, {
      filename,
      format: file.format,
      columns: { headers: file.headers, mapping, detected: mapping, ignored },
      totalRows: file.rows.length,
      validRows: file.rows.length - invalid,
      failedRows: invalid,
      createdBy: params.actor.id,
    });
    await insertMessageImportRows(
      tx,
      file.rows.map((row, index) => ({
        importId: created.id,
        rowNumber: row.rowNumber,
        rowId: readings[index]?.rowId ?? null,
        error: readings[index]?.error ?? null,
        input: { values: row.values, problem: row.problem },
      })),
    );
    await appendAuditEvents(tx, [
      auditImport(params.actor, created.id, "import.previewed", {
        filename,
        format: file.format,
        bytes: params.bytes.length,
        rows: file.rows.length,
        invalidRows: invalid,
        mapping,
      }),
    ]);
    return created;
  });
}

/** Reads every row again with the mapping a person chose. Only before the import starts. */
export async function updateImportMapping(
  deps: { db: Db },
  params: { id: string; mapping: ImportMapping; actor: UserActor },
): Promise<MessageImport> {
  return deps.db.transaction(async (tx) => {
    const found = await getMessageImportForUpdate(tx, params.id);
    if (!found) throw new AppError("NOT_FOUND", "This import does not exist.");
    if (found.status !== "previewed")
      throw new AppError("CONFLICT", "This import has started; its columns can no longer change.");
    const headers = new Set(found.columns.headers);
    for (const column of Object.values(params.mapping))
      if (column !== null && !headers.has(column))
        throw new AppError("BAD_REQUEST", `The file has no column “${column.slice(0, 80)}”.`);
    const rows = await listMessageImportRowInputs(tx, params.id);
    const readings = readImportRows(
      rows.map((row) => ({
        rowNumber: row.rowNumber,
        ...(row.input ?? ({ values: {}, problem: "the row was not kept" } satisfies ImportRowInput)),
      })),
      params.mapping,
    );
    await setMessageImportRowReadings(tx, params.id, readings);
    const invalid = readings.filter((reading) => reading.error !== null).length;
    const updated = await updateMessageImport(tx, params.id, {
      columns: { ...found.columns, mapping: params.mapping },
      validRows: rows.length - invalid,
      failedRows: invalid,
    });
    await appendAuditEvents(tx, [
      auditImport(params.actor, params.id, "import.mapping_changed", {
        from: found.columns.mapping,
        to: params.mapping,
        invalidRows: invalid,
      }),
    ]);
    return updated;
  });
}
