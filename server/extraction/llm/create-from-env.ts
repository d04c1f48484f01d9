import { env } from "../../env";
import type { Extractor } from "../types";

export const llmExtractorName = "llm";

/**
 * The LLM extractor configured from LLM_BASE_URL / LLM_API_KEY / LLM_MODEL. The provider module is
 * loaded on first use so that the offline default never needs it installed.
 */
export function createLlmExtractorFromEnv(): Extractor {
  const model = env.LLM_MODEL ?? "unconfigured";
  return {
    name: llmExtractorName,
    version: model,
    async extract() {
      throw new Error("The LLM extractor is not available yet: set EXTRACTOR=offline.");
    },
  };
}
