import { createHash } from "node:crypto";
import {
  importFieldLabels,
  importLimits,
  type ImportField,
  type ImportMapping,
  type ImportRowInput,
} from "@/contracts/import-inputs";
import { receivedAtSchema } from "@/contracts/message-input";

/** What a valid row becomes: the message's fields, before the import's own (channel, verification). */
export type ImportedMessageFields = {
  sender: string;
  subject: string | null;
  text: string;
  /** null when the file has no date column: the message is dated when the file was uploaded */
  receivedAt: Date | null;
};

export type RowReading =
  { ok: true; rowId: string; fields: ImportedMessageFields } | { ok: false; error: string };

const maxTextLength = 100_000;
const maxSubjectLength = 998;
const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const phonePattern = /^\+?[0-9][0-9 ().-]{5,24}$/;

/** A cell by its column, from the row's own keys only: a `__proto__` column is just a column. */
function cellOf(values: Record<string, unknown>, column: string | null): unknown {
  if (column === null || !Object.hasOwn(values, column)) return undefined;
  return values[column];
}

type Cell = { ok: true; value: string | null } | { ok: false; error: string };

/** A mapped cell as trimmed text; empty is null. Numbers are text (JSONL ids, epochs, phones). */
function textCell(values: Record<string, unknown>, mapping: ImportMapping, field: ImportField): Cell {
  const cell = cellOf(values, mapping[field]);
  if (cell === undefined || cell === null) return { ok: true, value: null };
  if (typeof cell === "number" && Number.isFinite(cell)) return { ok: true, value: String(cell) };
  if (typeof cell !== "string")
    return { ok: false, error: `${importFieldLabels[field]} (“${mapping[field]}”) is not text` };
  const value = field === "text" ? cell.replace(/^\s+|\s+$/g, "") : cell.trim();
  return { ok: true, value: value === "" ? null : value };
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const rfc2822Pattern =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(\s*(?:[+-]\d{4}|GMT|UTC|UT|Z))?$/;

/**
 * A received time read without guessing: ISO 8601 (a time without a zone is UTC), RFC 2822 as
 * email writes it, or Unix seconds or milliseconds. "03/04/2024" is refused: it is the 3rd of
 * April in one export and the 4th of March in the next.
 */
export function parseReceivedAt(raw: string): Date | null {
  if (/^\d{9,13}(?:\.\d+)?$/.test(raw)) {
    const number = Number(raw);
    return new Date(number < 1e11 ? number * 1000 : number);
  }
  const iso = isoPattern.exec(raw);
  if (iso) {
    const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone] = iso;
    const zoneOffset = (() => {
      if (!zone || zone.toUpperCase() === "Z") return 0;
      const digits = zone.replace(":", "");
      const sign = digits.startsWith("-") ? -1 : 1;
      return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || "0"));
    })();
    const parts = [year, month, day, hour, minute, second].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
    const check = new Date(utc);
    // Date.UTC rolls 2024-02-30 over to March 1st; a date that does not round-trip does not exist
    if (
      check.getUTCFullYear() !== parts[0] ||
      check.getUTCMonth() !== parts[1] - 1 ||
      check.getUTCDate() !== parts[2] ||
      parts[3] > 23 ||
      parts[4] > 59 ||
      parts[5] > 59
    )
      return null;
    return new Date(utc + Number(`0.${fraction || "0"}`) * 1000 - zoneOffset * 60_000);
  }
  const rfc = rfc2822Pattern.exec(raw);
  if (rfc) {
    const date = new Date(rfc[1] ? raw : `${raw} GMT`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/** "Ana Silva <ana@example.com>" → { name, address }; a bare address has no name. */
function splitSender(value: string): { name: string | null; address: string } {
  const angle = /^(.*)<([^<>]+)>\s*$/.exec(value);
  if (!angle) return { name: null, address: value };
  return { name: angle[1]?.trim().replace(/^"|"$/g, "") || null, address: (angle[2] ?? "").trim() };
}

/** A display name that cannot pose as an address: no angle brackets, quotes or line breaks. */
function cleanName(name: string): string {
  return name
    .replace(/[<>"\r\n\t]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

/**
 * The id that makes a row idempotent: the file's, or for a row without one, a hash of what the
 * message says (sender, date, subject, text), so the same file imported twice is the same rows.
 */
export function contentRowId(fields: ImportedMessageFields, rawDate: string | null): string {
  const digest = createHash("sha256")
    .update(
      JSON.stringify([
        splitSender(fields.sender).address.toLowerCase(),
        fields.receivedAt?.toISOString() ?? rawDate ?? "",
        fields.subject ?? "",
        fields.text,
      ]),
    )
    .digest("hex");
  return `content:${digest.slice(0, 40)}`;
}

/** One row read with a mapping: the message it becomes, or the first reason it cannot be imported. */
export function readImportRow(input: ImportRowInput, mapping: ImportMapping): RowReading {
  if (input.problem) return { ok: false, error: `The row cannot be read: ${input.problem}` };
  const values = input.values;
  const cells = {} as Record<ImportField, string | null>;
  for (const field of ["rowId", "sender", "name", "subject", "text", "receivedAt"] as const) {
    const cell = textCell(values, mapping, field);
    if (!cell.ok) return { ok: false, error: cell.error };
    cells[field] = cell.value;
  }

  if (!cells.text)
    return { ok: false, error: mapping.text ? "The text is empty" : "No column is read as the text" };
  if (cells.text.length > maxTextLength)
    return { ok: false, error: `The text is longer than ${maxTextLength.toLocaleString("en")} characters` };

  if (!cells.sender)
    return { ok: false, error: mapping.sender ? "The sender is empty" : "No column is read as the sender" };
  const split = splitSender(cells.sender);
  const address = split.address;
  if (!emailPattern.test(address) && !phonePattern.test(address))
    return {
      ok: false,
      error: `The sender “${cells.sender.slice(0, 80)}” is not an email address or phone number`,
    };
  if (address.length > 254) return { ok: false, error: "The sender's address is longer than 254 characters" };
  const name = cleanName(cells.name ?? split.name ?? "");
  const sender = name ? `${name} <${address}>` : address;

  if (cells.subject && cells.subject.length > maxSubjectLength)
    return { ok: false, error: `The subject is longer than ${maxSubjectLength} characters` };

  let receivedAt: Date | null = null;
  if (mapping.receivedAt) {
    if (!cells.receivedAt) return { ok: false, error: "The received time is empty" };
    const parsed = parseReceivedAt(cells.receivedAt);
    if (!parsed)
      return {
        ok: false,
        error: `The received time “${cells.receivedAt.slice(0, 60)}” is not a date that reads one way only; write it as ISO 8601 (2024-03-01T09:30:00Z)`,
      };
    const sane = receivedAtSchema.safeParse(parsed);
    if (!sane.success)
      return { ok: false, error: "The received time must lie between 2000-01-01 and a day from now" };
    receivedAt = parsed;
  }

  const fields: ImportedMessageFields = { sender, subject: cells.subject, text: cells.text, receivedAt };
  if (cells.rowId && cells.rowId.length > importLimits.maxRowIdLength)
    return { ok: false, error: `The row id is longer than ${importLimits.maxRowIdLength} characters` };
  return { ok: true, rowId: cells.rowId ?? contentRowId(fields, cells.receivedAt), fields };
}

/** The row as the preview table shows it: each mapped cell as text, shortened, whatever its errors. */
export function previewCells(
  input: ImportRowInput,
  mapping: ImportMapping,
): Record<ImportField, string | null> {
  const cells = {} as Record<ImportField, string | null>;
  for (const field of ["rowId", "sender", "name", "subject", "text", "receivedAt"] as const) {
    const cell = cellOf(input.values, mapping[field]);
    const text =
      cell === undefined || cell === null ? null : typeof cell === "string" ? cell : JSON.stringify(cell);
    cells[field] = text === null || text === "" ? null : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
  return cells;
}

/**
 * Every row read with a mapping, and the second and later rows with an id already seen refused:
 * within a file a row id names one message.
 */
export function readImportRows(
  rows: readonly ({ rowNumber: number } & ImportRowInput)[],
  mapping: ImportMapping,
): { rowNumber: number; rowId: string | null; error: string | null }[] {
  const firstRowOf = new Map<string, number>();
  return rows.map((row) => {
    const reading = readImportRow(row, mapping);
    if (!reading.ok) return { rowNumber: row.rowNumber, rowId: null, error: reading.error };
    const first = firstRowOf.get(reading.rowId);
    if (first !== undefined)
      return {
        rowNumber: row.rowNumber,
        rowId: null,
        error: reading.rowId.startsWith("content:")
          ? `The same message as row ${first} (same sender, date, subject and text)`
          : `The row id “${reading.rowId.slice(0, 80)}” is also row ${first}'s`,
      };
    firstRowOf.set(reading.rowId, row.rowNumber);
    return { rowNumber: row.rowNumber, rowId: reading.rowId, error: null };
  });
}
