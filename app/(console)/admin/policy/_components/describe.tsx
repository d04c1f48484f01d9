import { getFieldDefinition, getIntentDefinition } from "@/server/extraction/catalog";
import type { PolicyChange } from "@/server/policy/rules";

const settingLabels: Record<string, string> = {
  autoApplyThreshold: "Auto-apply threshold (low risk)",
  mediumRiskThreshold: "Auto-apply threshold (medium risk)",
  minResolutionConfidence: "Minimum customer-match confidence",
  declineBelow: "Decline below",
  maxAutoAppliesPerCustomerPerDay: "Automatic change sets per customer per day",
  defaultSlaMinutes: "Review SLA (minutes)",
};

const attributeLabels: Record<string, string> = { enabled: "enabled", threshold: "threshold", risk: "risk" };

/** "fields.contact.phone.risk" → "Phone (contact.phone): risk", for people rather than for code */
export function describeSetting(path: string): string {
  const [group, ...rest] = path.split(".");
  if (group === "fields" && rest.length >= 3) {
    const attribute = rest.pop() as string;
    const key = rest.join(".");
    return `${getFieldDefinition(key)?.label ?? key} (${key}): ${attributeLabels[attribute] ?? attribute}`;
  }
  if (group === "intents" && rest.length === 2) {
    const [intent, attribute] = rest as [string, string];
    return `${getIntentDefinition(intent)?.label ?? intent}: ${attributeLabels[attribute] ?? attribute}`;
  }
  if (group === "slaMinutes" && rest.length === 1)
    return `${getIntentDefinition(rest[0] as string)?.label ?? rest[0]}: review SLA (minutes)`;
  return settingLabels[path] ?? path;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "default";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" || typeof value === "string") return String(value);
  return JSON.stringify(value);
}

export function ChangeLines({ changes }: { changes: PolicyChange[] }) {
  return (
    <ul className="space-y-1 text-sm">
      {changes.map((change) => (
        <li key={change.path} className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-muted-foreground">{describeSetting(change.path)}</span>
          <span className="font-medium tabular-nums">
            <span className="text-muted-foreground line-through decoration-1">
              {describeValue(change.from)}
            </span>{" "}
            → {describeValue(change.to)}
          </span>
        </li>
      ))}
    </ul>
  );
}
