import type { LanguageModel } from "ai";
import { env } from "../../env";
import type { Extractor } from "../types";
import { createLlmExtractor } from "./llm-extractor";

// Not a static import: the offline default must work without the provider package installed,
// and this keeps the type check clean until it is (see docs/extraction.md).
const providerPackage = "@ai-sdk/openai-compatible";

type ProviderModule = {
  createOpenAICompatible: (settings: {
    name: string;
    baseURL: string;
    apiKey?: string;
    supportsStructuredOutputs?: boolean;
  }) => (modelId: string) => LanguageModel;
};

async function loadModel(baseURL: string, modelId: string): Promise<LanguageModel> {
  let provider: ProviderModule;
  try {
    provider = (await import(providerPackage)) as ProviderModule;
  } catch {
    throw new Error(
      `EXTRACTOR=llm needs the ${providerPackage} package (npm install ${providerPackage}@3.0.92).`,
    );
  }
  return provider.createOpenAICompatible({
    name: "llm",
    baseURL,
    apiKey: env.LLM_API_KEY,
    supportsStructuredOutputs: true,
  })(modelId);
}

/**
 * The LLM extractor configured from LLM_BASE_URL / LLM_API_KEY / LLM_MODEL (any OpenAI-compatible
 * server: a hosted provider, Ollama, vLLM). Misconfiguration fails at the first message with a
 * clear error; the pipeline then records the message as failed and it can be retried.
 */
export function createLlmExtractorFromEnv(): Extractor {
  const modelId = env.LLM_MODEL ?? "unconfigured";
  let inner: Promise<Extractor> | undefined;
  const load = async (): Promise<Extractor> => {
    if (!env.LLM_BASE_URL || !env.LLM_MODEL)
      throw new Error(
        "EXTRACTOR=llm needs LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if the server wants one).",
      );
    return createLlmExtractor({ model: await loadModel(env.LLM_BASE_URL, env.LLM_MODEL), modelId });
  };
  const shape = createLlmExtractor({ model: "unused", modelId });
  return {
    name: shape.name,
    version: shape.version,
    async extract(input) {
      // a failed load (missing package or settings) is retried on the next message
      inner ??= load().catch((error: unknown) => {
        inner = undefined;
        throw error;
      });
      return (await inner).extract(input);
    },
  };
}
