import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * External labelled data for `npm run eval -- --data FILE`: a CSV or JSONL of (text, intent[,
 * fields]), a folder with train.csv/test.csv (BANKING77), or CLINC150's data_full.json with its
 * out-of-scope splits.
 */
export type DatasetRow = {
  text: string;
  labels: string[];
  changes?: { field: string; value: unknown; reference?: string }[];
};
export type Dataset = { name: string; train: DatasetRow[]; val: DatasetRow[]; test: DatasetRow[] };

/** The label of out-of-scope rows (CLINC150 calls them "oos"). */
export const outOfScopeLabel = "oos";

export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    if (quoted) {
      if (char === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && content[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f.length > 0)) rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  row.push(field);
  if (row.some((f) => f.length > 0)) rows.push(row);
  return rows;
}

function csvRows(file: string): (DatasetRow & { split?: string })[] {
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8"));
  if (!header) return [];
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h.trim().toLowerCase()));
  const text = column("text", "utterance", "message", "query");
  const label = column("intent", "category", "label", "intents");
  const split = column("split");
  if (text < 0 || label < 0)
    throw new Error(
      `${file}: needs a text column and an intent/category/label column (found ${header.join(", ")})`,
    );
  return rows.map((r) => ({
    text: r[text] ?? "",
    labels: (r[label] ?? "")
      .split(/[|;]/)
      .map((l) => l.trim())
      .filter(Boolean),
    ...(split >= 0 ? { split: r[split] } : {}),
  }));
}

const jsonlRowSchema = z.object({
  text: z.string(),
  intent: z.string().optional(),
  intents: z.array(z.string()).optional(),
  label: z.string().optional(),
  split: z.string().optional(),
  changes: z
    .array(z.object({ field: z.string(), value: z.unknown(), reference: z.string().optional() }))
    .optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

function jsonlRows(file: string): (DatasetRow & { split?: string })[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const row = jsonlRowSchema.parse(JSON.parse(line));
      const changes =
        row.changes ??
        (row.fields ? Object.entries(row.fields).map(([field, value]) => ({ field, value })) : undefined);
      return {
        text: row.text,
        labels: row.intents ?? [row.intent ?? row.label ?? ""].filter(Boolean),
        ...(changes ? { changes } : {}),
        ...(row.split ? { split: row.split } : {}),
      };
    });
}

const clincSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

function clinc(file: string): Dataset {
  const data = clincSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const rows = (...keys: string[]) =>
    keys.flatMap((key) => (data[key] ?? []).map(([text, label]) => ({ text, labels: [label] })));
  return {
    name: "clinc150",
    train: rows("train", "oos_train"),
    val: rows("val", "oos_val"),
    test: rows("test", "oos_test"),
  };
}

function bySplit(name: string, rows: (DatasetRow & { split?: string })[]): Dataset {
  const pick = (...names: string[]) =>
    rows.filter((r) => names.includes((r.split ?? "test").toLowerCase())).map(({ split: _, ...row }) => row);
  return { name, train: pick("train"), val: pick("val", "dev", "validation"), test: pick("test") };
}

export function loadDataset(location: string): Dataset {
  if (!existsSync(location)) throw new Error(`No such file or folder: ${location}`);
  const name = path.basename(location).replace(/\.[^.]+$/, "");
  if (statSync(location).isDirectory()) {
    const json = path.join(location, "data_full.json");
    if (existsSync(json)) return clinc(json);
    const train = path.join(location, "train.csv");
    const test = path.join(location, "test.csv");
    if (!existsSync(test))
      throw new Error(`${location}: expected test.csv (and train.csv) or data_full.json`);
    return {
      name: path.basename(location),
      train: existsSync(train) ? csvRows(train) : [],
      val: [],
      test: csvRows(test),
    };
  }
  if (location.endsWith(".json")) return clinc(location);
  if (location.endsWith(".jsonl")) return bySplit(name, jsonlRows(location));
  if (location.endsWith(".csv")) {
    const rows = csvRows(location);
    if (rows.some((r) => r.split)) return bySplit(name, rows);
    // a lone test.csv next to its train.csv (BANKING77 layout)
    const sibling = path.join(path.dirname(location), "train.csv");
    const train = path.basename(location) === "test.csv" && existsSync(sibling) ? csvRows(sibling) : [];
    return { name, train, val: [], test: rows };
  }
  throw new Error(`${location}: use a .csv, .jsonl or CLINC-style .json file`);
}

/** `--map FILE.json` ({"their_label": "catalog_intent"}); unmapped labels become no_change. */
export function loadMapping(file: string | undefined): ((label: string) => string) | undefined {
  if (!file || file === "identity") return undefined;
  const mapping = z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(file, "utf8")));
  return (label: string) => mapping[label] ?? "no_change";
}
