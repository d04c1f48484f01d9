import { z } from "zod";
import { entityNames, fieldKeys, intentNameSchema } from "@/contracts/catalog";

export const changeDoubts = [
  /** no request wording next to the value */
  "no_request_wording",
  /** another distinct value of the same kind is in the message */
  "rival_values",
  /** the sender corrects themselves somewhere in the message */
  "correction_in_message",
  /** the request is asked as a question ("is it possible to cancel …?") */
  "question",
  /** part of the value was inferred (a country, the rest of a name) */
  "inferred",
  /** the classifier missed the request; only its wording next to the value revealed it */
  "classifier_missed",
  /** the request wording is in our question; the reply only gives the value it asked for */
  "answers_our_question",
] as const;
export type ChangeDoubt = (typeof changeDoubts)[number];

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
  /** who wrote it: the customer, or an agent writing a note on the customer's ticket */
  author: z.enum(["customer", "agent"]).optional(),
  /**
   * What we already hold about the verified customer. It only ever helps read the text (a
   * national phone number's region, the rest of a name whose surname changed); it is never a
   * target the text could choose.
   */
  customer: z
    .object({
      country: z.string().length(2).optional(),
      name: z.string().optional(),
    })
    .optional(),
  /**
   * The message replies to a question we asked this customer: what their earlier request lacked
   * ("which new address?"). A reply that only gives the value ("12 Elm Street, Springfield") is
   * read as completing that request; the text must still give the value, and the question never
   * names a record or a value itself.
   */
  answering: z.object({ intents: z.array(intentNameSchema).min(1) }).optional(),
});
export type ExtractionInput = z.infer<typeof extractionInputSchema>;

export const detectedIntentSchema = z.object({
  intent: intentNameSchema,
  confidence: z.number().min(0).max(1).describe("calibrated probability that the intent is present"),
  evidence: evidenceSpanSchema.optional(),
  /**
   * Catalog fields the request needs but the message does not give ("please change my email"):
   * the request becomes a "needs information" item for a person, never `no_change`.
   */
  missing: z.array(z.enum(fieldKeys)).optional(),
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
  /**
   * What keeps the evidence from agreeing (DESIGN: an automatic change needs a request clause
   * that is not a question, negated or hypothetical, a value anchored to it, and exactly one
   * candidate). The policy sends a change with any doubt to a person and shows the reason.
   */
  doubts: z.array(z.enum(changeDoubts)).optional(),
});
export type ExtractedChange = z.infer<typeof extractedChangeSchema>;

/**
 * Why a person must read the message whatever the confidences say. The policy reads these; the
 * extractor only reports them.
 */
export const extractionFlags = ["injection_suspected", "unsupported_language"] as const;
export type ExtractionFlag = (typeof extractionFlags)[number];

export const extractionSchema = z.object({
  intents: z.array(detectedIntentSchema),
  changes: z.array(extractedChangeSchema),
  /** ISO 639-1 code of the message's language, when it could be told */
  language: z.string().optional(),
  flags: z.array(z.enum(extractionFlags)).optional(),
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
