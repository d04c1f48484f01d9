import { describe, expect, it } from "vitest";
import type { ImportMapping } from "@/contracts/import-inputs";
import { AppError } from "../../errors";
import { detectMapping } from "./columns";
import { decodeImportFile } from "./decode";
import { cellLimit, detectFormat, parseImportFile } from "./parse";
import { parseReceivedAt, readImportRow, readImportRows } from "./read-row";

const csv = (text: string) => parseImportFile("csv", decodeImportFile(Buffer.from(text, "utf8")));
const jsonl = (text: string) => parseImportFile("jsonl", decodeImportFile(Buffer.from(text, "utf8")));

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    return (error as AppError).message;
  }
  throw new Error("expected a refusal");
}

const mapping: ImportMapping = {
  rowId: "id",
  sender: "from",
  name: null,
  subject: "subject",
  text: "text",
  receivedAt: "date",
};

describe("decoding an uploaded file", () => {
  it("drops a UTF-8 byte-order mark and reads UTF-16 with its mark", () => {
    expect(decodeImportFile(Buffer.from("\uFEFFid,text", "utf8"))).toBe("id,text");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,text\nä,ö", "utf16le")]);
    expect(decodeImportFile(utf16)).toBe("id,text\nä,ö");
  });

  it("refuses text in another encoding with the offending byte, and a workbook with what to do", () => {
    // "café" in Windows-1252: 0xE9 is not UTF-8
    const latin1 = Buffer.from([0x69, 0x64, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(refusal(() => decodeImportFile(latin1))).toMatch(
      /not UTF-8 text \(the byte 0xE9 at offset 6 is not UTF-8\)/,
    );
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(refusal(() => decodeImportFile(xlsx))).toMatch(/spreadsheet workbook.*CSV UTF-8/);
    expect(refusal(() => decodeImportFile(Buffer.alloc(0)))).toBe("The file is empty.");
  });
});

describe("parsing CSV", () => {
  it("reads quoted cells with commas, quotes and line breaks, CRLF, and numbers rows as a spreadsheet does", () => {
    const file = csv(
      'id,from,subject,text,date\r\n1,ana@example.com,"Hello, again","She said ""hi""\r\nand left",2024-03-01T09:30:00Z\r\n2,bo@example.com,,plain,2024-03-02\r\n',
    );
    expect(file.headers).toEqual(["id", "from", "subject", "text", "date"]);
    expect(file.rows).toHaveLength(2);
    expect(file.rows[0]).toMatchObject({
      rowNumber: 2,
      problem: null,
      values: { subject: "Hello, again", text: 'She said "hi"\r\nand left' },
    });
    expect(file.rows[1]?.rowNumber).toBe(3);
  });

  it("finds a semicolon or tab separator from the header", () => {
    expect(csv("id;from;text\n1;a@example.com;hi, there\n").rows[0]?.values).toEqual({
      id: "1",
      from: "a@example.com",
      text: "hi, there",
    });
    expect(csv("id\tfrom\ttext\n1\ta@example.com\thi;there\n").headers).toEqual(["id", "from", "text"]);
  });

  it("names empty and repeated header cells, and flags a row with the wrong number of cells", () => {
    const file = csv("email,,email\na,b,c\nonly-one\n");
    expect(file.headers).toEqual(["email", "column 2", "email (2)"]);
    expect(file.rows[1]?.problem).toBe("has 1 cells where the header has 3");
  });

  it("keeps a formula-looking cell as the text it is", () => {
    const file = csv(
      'id,from,text\n1,a@example.com,"=HYPERLINK(""http://evil.example"",""x"")"\n2,b@example.com,=cmd|\' /C calc\'!A0\n',
    );
    expect(file.rows.map((row) => row.values.text)).toEqual([
      '=HYPERLINK("http://evil.example","x")',
      "=cmd|' /C calc'!A0",
    ]);
  });

  it("cuts a huge cell at the limit, and flags NUL characters and lone surrogates, storing a clean copy", () => {
    const file = csv(
      `id,from,text\n1,a@example.com,${"x".repeat(300_000)}\n2,b@example.com,a\u0000b\n3,c@example.com,\uD800x\n`,
    );
    expect(String(file.rows[0]?.values.text)).toHaveLength(cellLimit);
    expect(file.rows[1]).toMatchObject({
      problem: "column “text” contains a NUL character",
      values: { text: "a\uFFFDb" },
    });
    // UTF-8 cannot carry a lone surrogate (its bytes fail decoding); a JSON escape can
    const escaped = jsonl('{"id":"1","text":"\\ud800x"}\n').rows[0];
    expect(escaped?.problem).toBe("the line.text contains a lone UTF-16 surrogate (not valid Unicode)");
    expect(escaped?.values.text).toBe("\uFFFDx");
  });

  it("refuses an unclosed quote with its line, and a header without rows", () => {
    expect(refusal(() => csv('id,text\n1,"never closed\n2,b\n'))).toMatch(
      /cannot be read at line \d+: a quoted cell is never closed/,
    );
    expect(refusal(() => csv("id,from,text\n"))).toBe("The file has a header but no rows.");
  });
});

describe("parsing JSONL", () => {
  it("keeps a __proto__ key as data, never as a prototype", () => {
    const file = jsonl('{"id":"1","from":"a@example.com","text":"hi","__proto__":{"polluted":true}}\n');
    const values = file.rows[0]?.values ?? {};
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(file.headers).toEqual(["id", "from", "text", "__proto__"]);
    // a column named __proto__ is read like any other
    const reading = readImportRow(file.rows[0] ?? { values: {}, problem: null }, {
      ...mapping,
      subject: "__proto__",
      receivedAt: null,
    });
    expect(reading).toEqual({ ok: false, error: "Subject (“__proto__”) is not text" });
  });

  it("gives each bad line its own problem and numbers rows by line, skipping blank ones", () => {
    const file = jsonl(
      '{"id":1,"from":"a@example.com","text":"ok"}\n\n{not json\n[1,2]\n{"text":"a\\u0000b"}\n',
    );
    expect(file.rows.map((row) => [row.rowNumber, row.problem])).toEqual([
      [1, null],
      [3, expect.stringMatching(/^the line is not valid JSON/)],
      [4, "the line is not a JSON object"],
      [5, "the line.text contains a NUL character"],
    ]);
  });

  it("bounds nesting depth", () => {
    const deep = `${'{"a":'.repeat(40)}1${"}".repeat(40)}`;
    expect(jsonl(`${deep}\n`).rows[0]?.problem).toMatch(/nested deeper than 32 levels/);
  });

  it("is chosen by extension, or by a first brace", () => {
    expect(detectFormat("export.jsonl", "")).toBe("jsonl");
    expect(detectFormat("export.CSV", "{")).toBe("csv");
    expect(detectFormat("export", '  {"id":1}')).toBe("jsonl");
  });
});

describe("detecting columns", () => {
  it("maps the names exports use and recognises a channel hint as ignored", () => {
    expect(
      detectMapping(["Message ID", "From", "Customer Name", "Subject", "Body", "Received At", "Channel"]),
    ).toEqual({
      mapping: {
        rowId: "Message ID",
        sender: "From",
        name: "Customer Name",
        subject: "Subject",
        text: "Body",
        receivedAt: "Received At",
      },
      ignored: ["Channel"],
    });
    expect(detectMapping(["email", "message", "created_at"]).mapping).toMatchObject({
      rowId: null,
      sender: "email",
      text: "message",
      receivedAt: "created_at",
    });
  });
});

describe("reading a row", () => {
  const row = (values: Record<string, unknown>) => ({
    values: {
      id: "r1",
      from: "ana@example.com",
      subject: "Hi",
      text: "New phone",
      date: "2024-03-01T09:30:00Z",
      ...values,
    },
    problem: null,
  });

  it("turns a valid row into the message's fields", () => {
    expect(readImportRow(row({}), mapping)).toEqual({
      ok: true,
      rowId: "r1",
      fields: {
        sender: "ana@example.com",
        subject: "Hi",
        text: "New phone",
        receivedAt: new Date("2024-03-01T09:30:00Z"),
      },
    });
  });

  it("names what is wrong: missing text, too long, bad sender, bad or out-of-window dates", () => {
    const error = (values: Record<string, unknown>) => {
      const reading = readImportRow(row(values), mapping);
      return reading.ok ? null : reading.error;
    };
    expect(error({ text: "   " })).toBe("The text is empty");
    expect(error({ text: "x".repeat(100_001) })).toBe("The text is longer than 100,000 characters");
    expect(error({ from: "" })).toBe("The sender is empty");
    expect(error({ from: "not an address" })).toMatch(/is not an email address or phone number/);
    expect(error({ date: "03/04/2024" })).toMatch(/reads one way only; write it as ISO 8601/);
    expect(error({ date: "2024-02-30" })).toMatch(/reads one way only/);
    expect(error({ date: "1999-12-31T23:00:00Z" })).toBe(
      "The received time must lie between 2000-01-01 and a day from now",
    );
    expect(error({ date: new Date(Date.now() + 3 * 86_400_000).toISOString() })).toMatch(
      /between 2000-01-01/,
    );
    expect(error({ date: "" })).toBe("The received time is empty");
    expect(error({ subject: "s".repeat(999) })).toBe("The subject is longer than 998 characters");
    expect(error({ id: "i".repeat(257) })).toBe("The row id is longer than 256 characters");
    expect(readImportRow({ values: {}, problem: "the line is not a JSON object" }, mapping)).toEqual({
      ok: false,
      error: "The row cannot be read: the line is not a JSON object",
    });
  });

  it("reads dates without guessing: a zone-less time is UTC", () => {
    expect(parseReceivedAt("2024-03-01 09:30")?.toISOString()).toBe("2024-03-01T09:30:00.000Z");
    expect(parseReceivedAt("2024-03-01T09:30:00+02:00")?.toISOString()).toBe("2024-03-01T07:30:00.000Z");
    expect(parseReceivedAt("2024-03-01T09:30:00.250Z")?.toISOString()).toBe("2024-03-01T09:30:00.250Z");
    expect(parseReceivedAt("Fri, 01 Mar 2024 09:30:00 +0100")?.toISOString()).toBe(
      "2024-03-01T08:30:00.000Z",
    );
    expect(parseReceivedAt("1709285400")?.toISOString()).toBe("2024-03-01T09:30:00.000Z");
    expect(parseReceivedAt("1709285400000")?.toISOString()).toBe("2024-03-01T09:30:00.000Z");
    expect(parseReceivedAt("March 1st")).toBeNull();
  });

  it("writes a name beside the address, and a name cannot smuggle in another address", () => {
    const named = readImportRow(row({ from: "Ana Silva <ana@example.com>" }), mapping);
    expect(named.ok && named.fields.sender).toBe("Ana Silva <ana@example.com>");
    const smuggled = readImportRow(row({ name: "Evil <admin@example.com>" }), { ...mapping, name: "name" });
    expect(smuggled.ok && smuggled.fields.sender).toBe("Evil admin@example.com <ana@example.com>");
  });

  it("gives a row without an id one from its content, and refuses a repeated id within the file", () => {
    const noId = { ...mapping, rowId: null };
    const first = readImportRow(row({}), noId);
    const again = readImportRow(row({ id: "other" }), noId);
    expect(first.ok && first.rowId).toMatch(/^content:[0-9a-f]{40}$/);
    expect(first.ok && again.ok && first.rowId === again.rowId).toBe(true);
    const readings = readImportRows(
      [
        { rowNumber: 2, ...row({}) },
        { rowNumber: 3, ...row({ text: "other" }) },
        { rowNumber: 4, ...row({ text: "different", id: "r2" }) },
      ],
      mapping,
    );
    expect(readings).toEqual([
      { rowNumber: 2, rowId: "r1", error: null },
      { rowNumber: 3, rowId: null, error: "The row id “r1” is also row 2's" },
      { rowNumber: 4, rowId: "r2", error: null },
    ]);
    const sameContent = readImportRows(
      [
        { rowNumber: 2, ...row({}) },
        { rowNumber: 3, ...row({}) },
      ],
      noId,
    );
    expect(sameContent[1]?.error).toBe("The same message as row 2 (same sender, date, subject and text)");
  });
});
