import { generateText, Output, type LanguageModel } from "ai";
import type { Extraction, ExtractionInput, Extractor } from "../types";
import { buildUserPrompt, extractionSystemPrompt } from "./prompt";
import { llmOutputSchema } from "./schema";
import { validateLlmOutput, type DroppedLlmChange } from "./validate";

export const llmExtractorVersion = "1.0.0";

export type LlmExtractorOptions = {
  model: LanguageModel;
  /** recorded with every result, e.g. "llama3.1:8b" */
  modelId: string;
  maxConfidence?: number;
  timeoutMs?: number;
  /** told about every change the validation dropped (for logs and drift dashboards) */
  onDropped?: (dropped: DroppedLlmChange[]) => void;
};

/**
 * The LLM extractor: one schema-constrained call per message. The model can only propose; its
 * output is validated against the catalog and the text before anyone sees it.
 */
export function createLlmExtractor(options: LlmExtractorOptions): Extractor {
  return {
    name: "llm",
    version: `${llmExtractorVersion}+${options.modelId}`,
    async extract(input: ExtractionInput): Promise<Extraction> {
      const { output } = await generateText({
        model: options.model,
        system: extractionSystemPrompt,
        prompt: buildUserPrompt(input),
        output: Output.object({ schema: llmOutputSchema }),
        temperature: 0,
        abortSignal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const { extraction, dropped } = validateLlmOutput(input.text, output, {
        maxConfidence: options.maxConfidence ?? 0.89,
      });
      if (dropped.length > 0) options.onDropped?.(dropped);
      return extraction;
    },
  };
}
