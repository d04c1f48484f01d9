import { getFieldDefinition, getIntentDefinition } from "@/contracts/catalog";
import type { PolicyChange, PolicyRules } from "@/contracts/policy-rules";

/** the policy's settings that are one number; the form and the change list both read this */
type NumberSettingKey = {
  [K in keyof PolicyRules]: PolicyRules[K] extends number ? K : never;
}[keyof PolicyRules];

export const maxSlaMinutes = 60 * 24 * 30;

export const numberSettings: {
  key: NumberSettingKey;
  label: string;
  integer?: boolean;
  min?: number;
  max?: number;
}[] = [
  { key: "autoApplyThreshold", label: "Auto-apply threshold (low risk)" },
  { key: "mediumRiskThreshold", label: "Auto-apply threshold (medium risk)" },
  { key: "minResolutionConfidence", label: "Minimum customer-match confidence" },
  { key: "declineBelow", label: "Decline below" },
  {
    key: "maxAutoAppliesPerCustomerPerDay",
    label: "Automatic change sets per customer per day",
    integer: true,
    min: 0,
    max: 1000,
  },
  { key: "defaultSlaMinutes", label: "Review SLA (minutes)", integer: true, min: 1, max: maxSlaMinutes },
];

const settingLabels: Record<string, string> = Object.fromEntries(
  numberSettings.map((setting) => [setting.key, setting.label]),
);

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
