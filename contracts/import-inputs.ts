import { z } from "zod";

// Plain zod and no server imports: the console's import page reads these same lists and limits.

/** What an import reads from each row. `channel` is only recognised, to say it is ignored. */
export const importFields = ["rowId", "sender", "name", "subject", "text", "receivedAt"] as const;
export type ImportField = (typeof importFields)[number];

export const importFieldLabels: Record<ImportField, string> = {
  rowId: "Row id",
  sender: "From (email or phone)",
  name: "Sender name",
  subject: "Subject",
  text: "Text",
  receivedAt: "Received at",
};

/** The field a person must map before an import can start. */
export const requiredImportFields: readonly ImportField[] = ["sender", "text"];

/**
 * previewed → running → done; a person pauses a running import (`paused`) and resumes it; a run
 * that keeps failing is `failed` with its error and can be resumed too.
 */
export const importStatuses = ["previewed", "running", "paused", "done", "failed"] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importFormats = ["csv", "jsonl"] as const;
export type ImportFormat = (typeof importFormats)[number];

export const importLimits = {
  /** the largest file an upload may send; larger answers 413 before anything is parsed */
  maxBytes: 25 * 1024 * 1024,
  maxRows: 50_000,
  /** columns (CSV) or distinct keys (JSONL) offered for mapping */
  maxColumns: 200,
  maxFilenameLength: 200,
  maxRowIdLength: 256,
} as const;

/** For each field, the column of the file it is read from (null: not read). */
export const importMappingSchema = z.strictObject(
  Object.fromEntries(importFields.map((field) => [field, z.string().max(500).nullable()])) as Record<
    ImportField,
    z.ZodNullable<z.ZodString>
  >,
);
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** What `message_imports.columns` keeps: the file's columns, the mapping, and what was detected. */
export type ImportColumns = {
  headers: string[];
  mapping: ImportMapping;
  detected: ImportMapping;
  /** a column recognised as a channel hint: it is never read (the channel is always `import`) */
  ignored: string[];
};

/** `message_import_rows.input`: the row's cells as the file had them, and what made it unreadable. */
export type ImportRowInput = {
  values: Record<string, unknown>;
  /** the row could not be read (bad JSON, wrong number of cells, a NUL character), whatever the mapping */
  problem: string | null;
};

export const importIdInput = z.object({ id: z.string().uuid() });

export const updateImportMappingInput = z.object({ id: z.string().uuid(), mapping: importMappingSchema });

export const importRowFilters = ["all", "errors"] as const;

export const listImportRowsInput = z.object({
  id: z.string().uuid(),
  filter: z.enum(importRowFilters).default("all"),
  /** the last row number of the previous page */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const listImportsInput = z.object({ limit: z.number().int().min(1).max(100).default(50) });
