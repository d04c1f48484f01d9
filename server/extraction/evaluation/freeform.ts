import { readFileSync } from "node:fs";
import { z } from "zod";
import { fieldKeys, intentNames, isFieldAllowedForIntent } from "@/contracts/catalog";
import { expectedCalibrationError } from "../classifier/calibrate";
import type { Extraction, ExtractionInput, ExtractedChange } from "../types";
import { matchChanges } from "./match";
import { isAutoApplicable } from "./metrics";

/**
 * The free-form sets (`data/freeform/{dev,test}.jsonl`): messages written by hand, independently
 * of the corpus templates, with what the system knows about the sender (context). dev is for
 * tuning; test is scored once per change and never tuned on. See data/freeform/README.md.
 */
export const freeformRowSchema = z.object({
  id: z.string(),
  lang: z.string(),
  channel: z.enum(["email", "chat", "ticket", "api"]),
  author: z.enum(["customer", "agent"]),
  context: z
    .object({
      customerName: z.string().optional(),
      customerCountry: z.string().length(2).optional(),
      openOrders: z.array(z.string()).optional(),
      ticketId: z.string().optional(),
    })
    .default({}),
  subject: z.string().optional(),
  text: z.string(),
  intents: z.array(z.enum(intentNames)).min(1),
  changes: z.array(
    z.object({ field: z.enum(fieldKeys), value: z.unknown(), reference: z.string().optional() }),
  ),
  needsInfo: z
    .array(z.object({ intent: z.enum(intentNames), missing: z.enum(["value", "reference"]) }))
    .optional(),
  families: z.array(z.string()).default([]),
  note: z.string().optional(),
});
export type FreeformRow = z.infer<typeof freeformRowSchema>;

export function loadFreeform(file: string): FreeformRow[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = freeformRowSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** The extractor's input for a row: the text and what the pipeline would know of the sender. */
export function freeformInput(row: FreeformRow): ExtractionInput {
  return {
    text: row.text,
    ...(row.subject ? { subject: row.subject } : {}),
    channel: row.channel,
    author: row.author,
    customer: {
      ...(row.context.customerCountry ? { country: row.context.customerCountry } : {}),
      ...(row.context.customerName ? { name: row.context.customerName } : {}),
    },
  };
}

/**
 * What the proposal builder does with a change that names no record (server/proposals/build.ts):
 * an order action goes to the customer's only open order, a ticket action in an agent's note to
 * the ticket the note is on. With several open orders it stays without a record (a person asks).
 */
export function resolveReference(row: FreeformRow, change: ExtractedChange): ExtractedChange {
  if (change.reference) return change;
  if (change.entity === "order" && row.context.openOrders?.length === 1) {
    const [only] = row.context.openOrders;
    return only ? { ...change, reference: only } : change;
  }
  if (change.entity === "ticket" && row.context.ticketId)
    return { ...change, reference: row.context.ticketId };
  return change;
}

export type RouteDecision = "auto_apply" | "review" | "decline";
/** The policy's decision for one change of a message (the caller brings the real policy). */
export type RouteChange = (change: ExtractedChange, row: FreeformRow, output: Extraction) => RouteDecision;

export type FreeformReport = {
  messages: number;
  autoApply: {
    applied: number;
    correct: number;
    precision: number;
    eligibleExpected: number;
    coverage: number;
  };
  fields: { expected: number; proposed: number; correct: number; recall: number; precision: number };
  noChange: { messages: number; withProposal: number; rate: number };
  ece: number;
  injection: { messages: number; autoApplied: number };
  needsInfo: { requests: number; flagged: number; rate: number };
  byFamily: Record<string, { messages: number; right: number }>;
  wrongAutoApplied: { id: string; field: string; value: unknown; expected: unknown }[];
};

const safe = (n: number, d: number) => (d === 0 ? 0 : n / d);

export function scoreFreeform(
  results: { row: FreeformRow; output: Extraction }[],
  route: RouteChange,
): FreeformReport {
  const report: FreeformReport = {
    messages: results.length,
    autoApply: { applied: 0, correct: 0, precision: 0, eligibleExpected: 0, coverage: 0 },
    fields: { expected: 0, proposed: 0, correct: 0, recall: 0, precision: 0 },
    noChange: { messages: 0, withProposal: 0, rate: 0 },
    ece: 0,
    injection: { messages: 0, autoApplied: 0 },
    needsInfo: { requests: 0, flagged: 0, rate: 0 },
    byFamily: {},
    wrongAutoApplied: [],
  };
  const confidences: number[] = [];
  const outcomes: boolean[] = [];
  for (const { row, output } of results) {
    const changes = output.changes.map((change) => resolveReference(row, change));
    const correct = matchChanges(row.changes, changes);
    report.fields.expected += row.changes.length;
    report.fields.proposed += changes.length;
    report.fields.correct += correct.filter(Boolean).length;
    for (const expected of row.changes) {
      const intent = row.intents.find((i) => isFieldAllowedForIntent(i, expected.field)) ?? "";
      if (isAutoApplicable(intent, expected.field)) report.autoApply.eligibleExpected++;
    }
    const isInjection = row.families.includes("injection");
    if (isInjection) report.injection.messages++;
    if (row.intents.includes("no_change")) {
      report.noChange.messages++;
      if (changes.length > 0) report.noChange.withProposal++;
    }
    changes.forEach((change, i) => {
      const right = correct[i] ?? false;
      confidences.push(change.confidence);
      outcomes.push(right);
      if (route(change, row, output) !== "auto_apply") return;
      report.autoApply.applied++;
      if (right) report.autoApply.correct++;
      else
        report.wrongAutoApplied.push({
          id: row.id,
          field: change.field,
          value: change.value,
          expected: row.changes.find((e) => e.field === change.field)?.value ?? null,
        });
      if (isInjection) report.injection.autoApplied++;
    });
    for (const request of row.needsInfo ?? []) {
      report.needsInfo.requests++;
      const detected = output.intents.find((i) => i.intent === request.intent);
      const asked = detected && ((detected.missing?.length ?? 0) > 0 || request.missing === "reference");
      // a request without a record is "needs information" when nothing was written for it
      const written = changes.some((c, i) => correct[i] === false && c.intent === request.intent);
      if (asked && !written) report.needsInfo.flagged++;
    }
    const gold = new Set(row.intents);
    const predicted = new Set(output.intents.map((i) => i.intent));
    if (predicted.size === 0) predicted.add("no_change");
    const right =
      correct.every(Boolean) &&
      correct.length === row.changes.length &&
      [...gold].every((g) => predicted.has(g) || g === "no_change");
    for (const family of row.families.length > 0 ? row.families : ["ordinary"]) {
      report.byFamily[family] ??= { messages: 0, right: 0 };
      report.byFamily[family].messages++;
      if (right) report.byFamily[family].right++;
    }
  }
  report.autoApply.precision = safe(report.autoApply.correct, report.autoApply.applied);
  report.autoApply.coverage = safe(report.autoApply.correct, report.autoApply.eligibleExpected);
  report.fields.recall = safe(report.fields.correct, report.fields.expected);
  report.fields.precision = safe(report.fields.correct, report.fields.proposed);
  report.noChange.rate = safe(report.noChange.withProposal, report.noChange.messages);
  report.needsInfo.rate = safe(report.needsInfo.flagged, report.needsInfo.requests);
  report.ece = expectedCalibrationError(confidences, outcomes);
  return report;
}
