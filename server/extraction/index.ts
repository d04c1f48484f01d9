import { env } from "../env";
import { createLlmExtractorFromEnv } from "./llm/create-from-env";
import { createOfflineExtractor } from "./offline/offline-extractor";
import type { Extractor } from "./types";

export type { Extraction, ExtractionInput, Extractor, ExtractedChange, DetectedIntent } from "./types";
export { normalizeFieldValue } from "./normalize";

let primary: Extractor | undefined;
let shadow: Extractor | undefined | null;

function build(kind: "offline" | "llm"): Extractor {
  return kind === "llm" ? createLlmExtractorFromEnv() : createOfflineExtractor();
}

/** The extractor that proposes: offline unless EXTRACTOR=llm. Built once per process. */
export function getExtractor(): Extractor {
  primary ??= build(env.EXTRACTOR);
  return primary;
}

/**
 * With EXTRACTOR_SHADOW=true, the other extractor: the pipeline runs it too and records its output
 * beside the primary one, so the two can be compared on live traffic. It never proposes.
 */
export function getShadowExtractor(): Extractor | undefined {
  if (shadow === undefined)
    shadow = env.EXTRACTOR_SHADOW ? build(env.EXTRACTOR === "llm" ? "offline" : "llm") : null;
  return shadow ?? undefined;
}
