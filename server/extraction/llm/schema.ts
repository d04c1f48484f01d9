import { z } from "zod";
import { addressSchema, fieldKeys, intentNames } from "@/contracts/catalog";

/**
 * What the model must return, generated from the catalog so that it can only name intents and
 * fields that exist. Evidence is the exact text quoted from the message (models quote well and
 * count characters badly); offsets are computed and checked afterwards.
 */
export const llmChangeSchema = z.object({
  intent: z.enum(intentNames).describe("the intent this change serves"),
  field: z.enum(fieldKeys).describe("catalog field key, entity.field"),
  reference: z
    .string()
    .nullable()
    .describe("order, ticket or subscription number the customer names, digits as written; null if none"),
  value: z
    .union([z.string(), z.boolean(), addressSchema])
    .describe(
      "the new value: phone or email as written, enum option, true/false for consent, or a structured address",
    ),
  evidence: z.string().describe("the exact words of the message that state this value, copied verbatim"),
  confidence: z.number().min(0).max(1).describe("probability that this value is what the customer asked for"),
  rationale: z.string().describe("one short sentence: why this change"),
});

export const llmOutputSchema = z.object({
  intents: z
    .array(z.object({ intent: z.enum(intentNames), confidence: z.number().min(0).max(1) }))
    .describe("every request in the message; only no_change when nothing is requested"),
  changes: z.array(llmChangeSchema).describe("one entry per field the customer asks to change"),
});
export type LlmOutput = z.infer<typeof llmOutputSchema>;
