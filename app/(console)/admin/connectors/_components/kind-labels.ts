import type { ConnectorKind } from "@/server/connectors/inputs";

export const kindLabels: Record<ConnectorKind, string> = { builtin: "Built in", rest: "REST" };
