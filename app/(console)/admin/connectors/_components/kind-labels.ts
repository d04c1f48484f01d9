import type { ConnectorKind } from "@/contracts/connector-inputs";

export const kindLabels: Record<ConnectorKind, string> = { builtin: "Built in", rest: "REST" };
