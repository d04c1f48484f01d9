/** Whether a proposed change is the expected one: same field, same normalized value, same record. */
export type ExpectedChange = { field: string; value: unknown; reference?: string };
export type ProposedChange = { field: string; value: unknown; reference?: string };

function canonical(value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return JSON.stringify(Object.fromEntries(entries));
  }
  return JSON.stringify(value ?? null);
}

// Free text for a person to act on: the wording cannot be matched exactly, the target can.
const freeText = new Set(["order.changeRequest"]);

export function changeMatches(expected: ExpectedChange, proposed: ProposedChange): boolean {
  if (expected.field !== proposed.field) return false;
  if ((expected.reference ?? null) !== (proposed.reference ?? null)) return false;
  return freeText.has(expected.field) || canonical(expected.value) === canonical(proposed.value);
}

/** Pairs each proposal with at most one expected change; returns which proposals were right. */
export function matchChanges(expected: ExpectedChange[], proposed: ProposedChange[]): boolean[] {
  const used = new Set<number>();
  return proposed.map((p) => {
    const index = expected.findIndex((e, i) => !used.has(i) && changeMatches(e, p));
    if (index < 0) return false;
    used.add(index);
    return true;
  });
}
