/** Canonical JSON: sorted keys, undefined and empty optional parts dropped, so equal values compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalizeForCompare(value));
}

function normalizeForCompare(value: unknown): unknown {
  if (value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.map(normalizeForCompare);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, normalizeForCompare(v)]);
    return Object.fromEntries(entries);
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** A short human rendering of a field value, for summaries, audit lines and notices. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object" && !Array.isArray(value)) {
    const address = value as Record<string, unknown>;
    if ("line1" in address) {
      return [
        address.line1,
        address.line2,
        [address.postalCode, address.city].filter(Boolean).join(" "),
        address.region,
        address.country,
      ]
        .filter((part) => typeof part === "string" && part.length > 0)
        .join(", ");
    }
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A reviewer's edit wins over the extracted value; both are kept on the change. */
export function valueToWrite(change: { editedValue: unknown; proposedValue: unknown }): unknown {
  return change.editedValue ?? change.proposedValue;
}

/** A size as people read it: `812 bytes`, `14.2 KB`, `2.5 MB` (1 KB = 1,024 bytes, as file managers count). */
export function describeByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString("en")} ${bytes === 1 ? "byte" : "bytes"}`;
  const [size, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "KB"] : [bytes / 1024 / 1024, "MB"];
  return `${size.toLocaleString("en", { maximumFractionDigits: 1 })} ${unit}`;
}
