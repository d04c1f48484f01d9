import { createInterface } from "node:readline";
import { z } from "zod";
import { getExtractor } from "../server/extraction";

/**
 * Dry run over exported mail: JSON lines in ({"text": ..., "channel"?: ..., "sender"?: ...,
 * "author"?: "customer" | "agent", "customer"?: {"country"?, "name"?}}),
 * one JSON line out per message with the intents, the proposed field changes (normalized value,
 * confidence, evidence span and the evidence text) and the extractor name and version.
 * A bad line gets an {"error": ...} line, so outputs stay aligned with inputs.
 *   npm run extract < messages.jsonl > proposals.jsonl
 */
const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  subject: z.string().optional(),
  channel: z.string().optional(),
  sender: z.string().optional(),
  author: z.enum(["customer", "agent"]).optional(),
  /** what is on record for the sender: {"country": "GB", "name": "Marie Dupont"} */
  customer: z.object({ country: z.string().length(2).optional(), name: z.string().optional() }).optional(),
});

async function main(): Promise<void> {
  const extractor = getExtractor();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    let parsed: z.infer<typeof lineSchema>;
    try {
      parsed = lineSchema.parse(JSON.parse(line));
    } catch (error) {
      const message =
        error instanceof z.ZodError
          ? error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ")
          : "not valid JSON";
      process.stdout.write(`${JSON.stringify({ line: number, error: message })}\n`);
      continue;
    }
    try {
      const { id, ...input } = parsed;
      const result = await extractor.extract(input);
      const changes = result.changes.map((change) => ({
        ...change,
        evidenceText: input.text.slice(change.evidence.start, change.evidence.end),
      }));
      process.stdout.write(
        `${JSON.stringify({ ...(id !== undefined ? { id } : { line: number }), extractor: { name: extractor.name, version: extractor.version }, intents: result.intents, changes, ...(result.language ? { language: result.language } : {}), ...(result.flags ? { flags: result.flags } : {}) })}\n`,
      );
    } catch (error) {
      process.stdout.write(
        `${JSON.stringify({ line: number, error: error instanceof Error ? error.message : String(error) })}\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
