import { CsvError, parse as parseCsv } from "csv-parse/sync";
import { importLimits, type ImportFormat, type ImportRowInput } from "@/contracts/import-inputs";
import { AppError } from "../../errors";
import { maxJsonDepth } from "../inbound-body";

/** One row of the file: its number as a person finds it, its cells, and what made it unreadable. */
export type ParsedRow = { rowNumber: number } & ImportRowInput;
export type ParsedFile = { format: ImportFormat; headers: string[]; rows: ParsedRow[] };

/**
 * The longest cell kept. The longest field a message has is its text (100,000 characters): one
 * character more is enough to say a mapped cell is too long, and keeps a 20 MB cell out of the row table.
 */
export const cellLimit = 100_001;

export function detectFormat(filename: string, text: string): ImportFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension === "jsonl" || extension === "ndjson" || extension === "json") return "jsonl";
  if (extension === "csv" || extension === "tsv" || extension === "txt") return "csv";
  return text.trimStart().startsWith("{") ? "jsonl" : "csv";
}

export function parseImportFile(format: ImportFormat, text: string): ParsedFile {
  const parsed = format === "csv" ? parseCsvFile(text) : parseJsonlFile(text);
  if (parsed.rows.length === 0)
    throw new AppError(
      "BAD_REQUEST",
      format === "csv" ? "The file has a header but no rows." : "The file has no lines with a message.",
    );
  return parsed;
}

function tooManyRows(): AppError {
  return new AppError(
    "BAD_REQUEST",
    `The file has more than ${importLimits.maxRows.toLocaleString("en")} rows; split it and import the parts one after another.`,
  );
}

const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string Postgres can store (no NUL, no lone surrogate: `jsonb` and `text` refuse both), cut at
 * the cell limit, and what was wrong with it. The cleaned copy is kept; the row is refused anyway.
 */
function cleanString(value: string): { value: string; problem: string | null } {
  let problem: string | null = null;
  let cleaned = value.length > cellLimit ? value.slice(0, cellLimit) : value;
  if (cleaned.includes("\u0000")) {
    problem = "contains a NUL character";
    cleaned = cleaned.replaceAll("\u0000", "\uFFFD");
  }
  if (new RegExp(loneSurrogates.source).test(cleaned)) {
    problem ??= "contains a lone UTF-16 surrogate (not valid Unicode)";
    cleaned = cleaned.replace(loneSurrogates, "\uFFFD");
  }
  return { value: cleaned, problem };
}

/** The first line's most frequent separator outside quotes: `,`, `;` (European Excel) or a tab. */
function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (let i = 0; i < Math.min(text.length, 65_536); i++) {
    const char = text[i] ?? "";
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** Header cells as unique, non-empty names: `email`, `email (2)`, `column 4`. */
function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const base = cleanString(cell).value.trim().slice(0, 200) || `column ${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

function parseCsvFile(text: string): ParsedFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter: sniffDelimiter(text.replace(/^\uFEFF/, "")),
      // a stray quote inside an unquoted cell is text, as spreadsheets write it
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      // a cell over this is no message: it fails the file with its line instead of eating memory
      max_record_size: importLimits.maxBytes,
      to: importLimits.maxRows + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      const reason =
        error.code === "CSV_QUOTE_NOT_CLOSED"
          ? "a quoted cell is never closed"
          : error.message.replace(/^Invalid (Opening|Closing) Quote: /, "");
      throw new AppError(
        "BAD_REQUEST",
        `The CSV cannot be read${line ? ` at line ${line}` : ""}: ${reason}.`,
      );
    }
    throw error;
  }
  const [header, ...data] = records;
  if (!header) throw new AppError("BAD_REQUEST", "The file is empty.");
  if (header.record.length > importLimits.maxColumns)
    throw new AppError(
      "BAD_REQUEST",
      `The header has ${header.record.length} columns; at most ${importLimits.maxColumns} are read.`,
    );
  if (data.length > importLimits.maxRows) throw tooManyRows();
  const headers = uniqueHeaders(header.record);
  const rows = data.map(({ record }, index): ParsedRow => {
    const problems: string[] = [];
    if (record.length !== headers.length)
      problems.push(`has ${record.length} cells where the header has ${headers.length}`);
    const values = Object.fromEntries(
      headers.map((name, column) => {
        const cleaned = cleanString(record[column] ?? "");
        if (cleaned.problem) problems.push(`column “${name}” ${cleaned.problem}`);
        return [name, cleaned.value];
      }),
    );
    // the header is row 1, as a spreadsheet numbers it (a cell's line breaks do not count)
    return { rowNumber: index + 2, values, problem: problems[0] ?? null };
  });
  return { format: "csv", headers, rows };
}

/**
 * A parsed JSON value made storable: strings cleaned, depth bounded. `Object.fromEntries` defines
 * own properties, so a `__proto__` key stays a key and never becomes a prototype.
 */
function cleanJson(value: unknown, path: string, depth: number): { value: unknown; problem: string | null } {
  if (depth > maxJsonDepth)
    return { value: null, problem: `${path} is nested deeper than ${maxJsonDepth} levels` };
  if (typeof value === "string") {
    const cleaned = cleanString(value);
    return { value: cleaned.value, problem: cleaned.problem ? `${path} ${cleaned.problem}` : null };
  }
  if (Array.isArray(value)) {
    let problem: string | null = null;
    const items = value.map((item, index) => {
      const cleaned = cleanJson(item, `${path}[${index}]`, depth + 1);
      problem ??= cleaned.problem;
      return cleaned.value;
    });
    return { value: items, problem };
  }
  if (value && typeof value === "object") {
    let problem: string | null = null;
    const entries = Object.entries(value).map(([key, item]) => {
      const cleanedKey = cleanString(key);
      problem ??= cleanedKey.problem ? `a key of ${path} ${cleanedKey.problem}` : null;
      const cleaned = cleanJson(item, `${path}.${cleanedKey.value}`, depth + 1);
      problem ??= cleaned.problem;
      return [cleanedKey.value, cleaned.value] as const;
    });
    return { value: Object.fromEntries(entries), problem };
  }
  return { value, problem: null };
}

function parseJsonlFile(text: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const headers: string[] = [];
  const known = new Set<string>();
  const rows: ParsedRow[] = [];
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === "") continue;
    if (rows.length === importLimits.maxRows) throw tooManyRows();
    const rowNumber = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      rows.push({ rowNumber, values: {}, problem: `the line is not valid JSON (${reason.slice(0, 200)})` });
      continue;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      rows.push({ rowNumber, values: {}, problem: "the line is not a JSON object" });
      continue;
    }
    const cleaned = cleanJson(parsed, "the line", 0);
    const values = cleaned.value as Record<string, unknown>;
    for (const key of Object.keys(values)) {
      if (known.has(key) || headers.length >= importLimits.maxColumns) continue;
      known.add(key);
      headers.push(key);
    }
    rows.push({ rowNumber, values, problem: cleaned.problem });
  }
  return { format: "jsonl", headers, rows };
}
