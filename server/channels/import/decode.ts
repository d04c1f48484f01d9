import { AppError } from "../../errors";

/**
 * An uploaded file's bytes as text. UTF-8 (with or without a byte-order mark) and UTF-16 with its
 * mark (Excel's "Unicode text") are read; anything else is refused with a reason a person can act
 * on, never guessed: a Windows-1252 file read as UTF-8 would store "Ã©" for every "é".
 */
export function decodeImportFile(bytes: Buffer): string {
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "The file is empty.");
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    throw new AppError(
      "BAD_REQUEST",
      "This looks like a spreadsheet workbook (.xlsx), not CSV. Save it as “CSV UTF-8” and upload that.",
    );
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 byte-order mark
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new AppError(
      "BAD_REQUEST",
      `The file is not UTF-8 text (the byte 0x${hex} at offset ${offset.toLocaleString("en")} is not UTF-8). ` +
        "Save it as “CSV UTF-8” (or JSONL in UTF-8) and upload it again.",
    );
  }
}

/**
 * Where decoding fails, for the message: the shortest prefix that fails (a binary search), then
 * back to the lead byte of the sequence it broke, which is the byte a person would look at.
 */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  // stream: a prefix that ends inside a character still decodes; only a wrong byte fails
  const decodes = (end: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(middle)) good = middle;
    else bad = middle;
  }
  const last = bad - 1;
  const isContinuation = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte < 0xc0;
  if (isContinuation(bytes[last])) return last;
  // the byte ends a sequence that was cut short: point at that sequence's lead byte
  let lead = last - 1;
  while (lead >= 0 && isContinuation(bytes[lead])) lead--;
  const leadByte = bytes[lead] ?? 0;
  const length = leadByte >= 0xf0 ? 4 : leadByte >= 0xe0 ? 3 : leadByte >= 0xc0 ? 2 : 1;
  return lead >= 0 && leadByte >= 0xc0 && last - lead < length ? lead : last;
}
