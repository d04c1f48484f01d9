import { getFieldDefinition, getIntentDefinition, isFieldAllowedForIntent } from "@/contracts/catalog";
import { normalizeFieldValue } from "../normalize";
import { injectionSuspected } from "../offline/injection";
import { findLiveRegions, isInRegions } from "../offline/message-regions";
import type { DetectedIntent, ExtractedChange, Extraction } from "../types";
import type { LlmOutput } from "./schema";

export type ValidationOptions = {
  /**
   * Model-reported confidence is not calibrated; until it is fitted on the dev split with a real
   * model it is capped below the default auto-apply threshold, so LLM proposals go to a person.
   */
  maxConfidence: number;
};

export type DroppedLlmChange = { field: string; reason: string };

/** Locate quoted evidence in the text: exact first, then ignoring case and runs of whitespace. */
export function locateEvidence(text: string, quote: string): { start: number; end: number } | undefined {
  const trimmed = quote.trim();
  if (!trimmed) return undefined;
  const exact = text.indexOf(trimmed);
  if (exact >= 0) return { start: exact, end: exact + trimmed.length };
  const pattern = trimmed
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const match = new RegExp(pattern, "i").exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : undefined;
}

/**
 * Everything the model says is re-checked against the catalog and the text: unknown or disallowed
 * intents and fields are dropped, values are re-normalized, evidence must be found in the live
 * part of the message, and implied values come from the catalog, not from the model.
 */
export function validateLlmOutput(
  text: string,
  output: LlmOutput,
  options: ValidationOptions,
): { extraction: Extraction; dropped: DroppedLlmChange[] } {
  const dropped: DroppedLlmChange[] = [];
  const live = findLiveRegions(text);
  const clamp = (p: number) => Math.max(0, Math.min(options.maxConfidence, Number.isFinite(p) ? p : 0));
  const changes: ExtractedChange[] = [];
  if (injectionSuspected(text)) {
    for (const change of output.changes)
      dropped.push({ field: change.field, reason: "message tries to instruct the system" });
  } else {
    for (const change of output.changes) {
      const field = getFieldDefinition(change.field);
      const intent = getIntentDefinition(change.intent);
      if (!field || !intent || !isFieldAllowedForIntent(change.intent, change.field)) {
        dropped.push({ field: change.field, reason: `${change.intent} may not write ${change.field}` });
        continue;
      }
      const implied = (intent.impliedValues as Record<string, unknown> | undefined)?.[field.key];
      const normalized = normalizeFieldValue(field.key, implied ?? change.value);
      if (!normalized.ok) {
        dropped.push({ field: field.key, reason: normalized.error });
        continue;
      }
      const evidence = locateEvidence(text, change.evidence);
      if (!evidence || !isInRegions(live, evidence.start, evidence.end)) {
        dropped.push({
          field: field.key,
          reason: evidence
            ? "evidence is in quoted history or a signature"
            : "evidence not found in the message",
        });
        continue;
      }
      changes.push({
        intent: intent.name,
        field: field.key as ExtractedChange["field"],
        entity: field.entity,
        ...(change.reference ? { reference: change.reference.replace(/^#/, "").trim() } : {}),
        value: normalized.value,
        confidence: clamp(change.confidence),
        evidence,
        rationale: change.rationale.slice(0, 300),
      });
    }
  }
  const withChanges = new Set(changes.map((c) => c.intent));
  const intents: DetectedIntent[] = output.intents
    .filter(
      (i) =>
        getIntentDefinition(i.intent) &&
        (i.intent === "no_change" ||
          withChanges.has(i.intent) ||
          getIntentDefinition(i.intent)?.fields.length === 0),
    )
    .map((i) => ({ intent: i.intent, confidence: clamp(i.confidence) }));
  for (const intent of withChanges) {
    if (!intents.some((i) => i.intent === intent))
      intents.push({
        intent,
        confidence: Math.max(...changes.filter((c) => c.intent === intent).map((c) => c.confidence)),
      });
  }
  if (intents.length === 0) intents.push({ intent: "no_change", confidence: clamp(0.5) });
  return { extraction: { intents: dedupeIntents(intents), changes }, dropped };
}

function dedupeIntents(intents: DetectedIntent[]): DetectedIntent[] {
  const best = new Map<string, DetectedIntent>();
  for (const intent of intents) {
    const current = best.get(intent.intent);
    if (!current || current.confidence < intent.confidence) best.set(intent.intent, intent);
  }
  const list = [...best.values()];
  return list.length > 1 ? list.filter((i) => i.intent !== "no_change") : list;
}
