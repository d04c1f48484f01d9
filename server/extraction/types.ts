import { z } from "zod";
import { entityNames, fieldKeys, intentNameSchema } from "@/contracts/catalog";

/** Character offsets into the message text: `text.slice(start, end)` is the evidence. */
export const evidenceSpanSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((span) => span.end >= span.start, "evidence end must not precede its start");
export type EvidenceSpan = z.infer<typeof evidenceSpanSchema>;

export const extractionInputSchema = z.object({
  text: z.string(),
  subject: z.string().optional(),
  channel: z.string().optional(),
  /** the verified sender identity (email address, phone or chat user), never taken from the text */
  sender: z.string().optional(),
  receivedAt: z.date().optional(),
});
export type ExtractionInput = z.infer<typeof extractionInputSchema>;

export const detectedIntentSchema = z.object({
  intent: intentNameSchema,
  confidence: z.number().min(0).max(1).describe("calibrated probability that the intent is present"),
  evidence: evidenceSpanSchema.optional(),
});
export type DetectedIntent = z.infer<typeof detectedIntentSchema>;

export const extractedChangeSchema = z.object({
  intent: intentNameSchema,
  /** catalog key, `entity.field` */
  field: z.enum(fieldKeys),
  entity: z.enum(entityNames),
  /**
   * A reference the text makes to a record ("order 1042", "ticket T-88", "subscription S-12").
   * The pipeline only ever resolves it among the records of the verified customer.
   */
  reference: z.string().optional(),
  /** the normalized value (E.164 phone, lower-cased email, structured address, enum option...) */
  value: z.unknown(),
  confidence: z.number().min(0).max(1).describe("calibrated probability that the value is right"),
  evidence: evidenceSpanSchema,
  rationale: z.string(),
});
export type ExtractedChange = z.infer<typeof extractedChangeSchema>;

export const extractionSchema = z.object({
  intents: z.array(detectedIntentSchema),
  changes: z.array(extractedChangeSchema),
});
export type Extraction = z.infer<typeof extractionSchema>;

export type ExtractorInfo = { name: string; version: string };

/**
 * Every extractor (offline default, LLM, shadow pair) implements this. An extractor only ever
 * proposes; what gets applied is decided by the policy.
 */
export interface Extractor extends ExtractorInfo {
  extract(input: ExtractionInput): Promise<Extraction>;
}
