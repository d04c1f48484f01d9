import { viewMessage } from "./analyze";
import { getOfflineModel, modelVersion } from "./model";
import type { OfflineModel } from "./offline-model";
import { extractOffline } from "./read-message";
import type { Extraction, ExtractionInput, Extractor } from "../types";

export const offlineExtractorVersion = `1.0.0+model${modelVersion}`;

/** The default extractor: no network, deterministic; the model is trained or loaded on first use. */
export function createOfflineExtractor(options: { model?: OfflineModel } = {}): Extractor {
  let model = options.model;
  return {
    name: "offline",
    version: offlineExtractorVersion,
    async extract(input: ExtractionInput): Promise<Extraction> {
      model ??= getOfflineModel();
      return extractOffline(
        model,
        viewMessage(input.text, input.receivedAt, input.customer),
        new Set(input.answering?.intents),
      );
    },
  };
}
