import { z } from "zod";

/**
 * The intent and field catalog: the allow-list of what automation may ever write.
 * The extractor, the proposal builder, the policy and the console all read this one table.
 * Nothing outside it can be proposed, whatever a message says.
 */

export const storeNames = ["crm", "ticketing", "commerce"] as const;
export type StoreName = (typeof storeNames)[number];

export const entityNames = ["contact", "account", "ticket", "order", "subscription"] as const;
export type EntityName = (typeof entityNames)[number];

/**
 * Risk tiers, from least to most guarded.
 * - low: may be auto-applied at the policy's threshold
 * - medium: may be auto-applied at the policy's (higher) medium threshold
 * - high: always needs a person
 * - critical: always needs two people
 */
export const riskTiers = ["low", "medium", "high", "critical"] as const;
export type RiskTier = (typeof riskTiers)[number];

export const addressSchema = z.object({
  line1: z.string().min(1).describe("Street and house number"),
  line2: z.string().optional().describe("Apartment, suite, floor, c/o"),
  city: z.string().min(1),
  region: z.string().optional().describe("State, province or county"),
  postalCode: z.string().min(1),
  country: z.string().length(2).describe("ISO 3166-1 alpha-2 country code"),
});
export type Address = z.infer<typeof addressSchema>;

export const fieldTypes = ["email", "phone", "text", "address", "enum", "boolean", "date"] as const;
export type FieldType = (typeof fieldTypes)[number];

export type FieldDefinition = {
  /** `entity.field`, the key used everywhere */
  key: string;
  store: StoreName;
  entity: EntityName;
  field: string;
  label: string;
  type: FieldType;
  risk: RiskTier;
  /** for `enum` fields */
  options?: readonly string[];
};

export const fieldCatalog = [
  // Email and phone are where password resets and one-time codes go: changing them from an
  // unauthenticated message is the classic account-takeover move, so a person always looks.
  {
    key: "contact.email",
    store: "crm",
    entity: "contact",
    field: "email",
    label: "Email",
    type: "email",
    risk: "high",
  },
  {
    key: "contact.phone",
    store: "crm",
    entity: "contact",
    field: "phone",
    label: "Phone",
    type: "phone",
    risk: "high",
  },
  {
    key: "contact.name",
    store: "crm",
    entity: "contact",
    field: "name",
    label: "Name",
    type: "text",
    risk: "medium",
  },
  {
    key: "contact.postalAddress",
    store: "crm",
    entity: "contact",
    field: "postalAddress",
    label: "Postal address",
    type: "address",
    risk: "medium",
  },
  {
    key: "contact.shippingAddress",
    store: "crm",
    entity: "contact",
    field: "shippingAddress",
    label: "Shipping address",
    type: "address",
    risk: "medium",
  },
  {
    key: "contact.marketingConsent",
    store: "crm",
    entity: "contact",
    field: "marketingConsent",
    label: "Marketing consent",
    type: "boolean",
    risk: "low",
  },
  {
    key: "contact.status",
    store: "crm",
    entity: "contact",
    field: "status",
    label: "Account status",
    type: "enum",
    risk: "critical",
    options: ["active", "erasure_requested"],
  },
  {
    key: "order.status",
    store: "commerce",
    entity: "order",
    field: "status",
    label: "Order status",
    type: "enum",
    risk: "medium",
    options: ["pending", "processing", "shipped", "delivered", "cancelled"],
  },
  {
    key: "order.shippingAddress",
    store: "commerce",
    entity: "order",
    field: "shippingAddress",
    label: "Order shipping address",
    type: "address",
    risk: "medium",
  },
  {
    key: "order.changeRequest",
    store: "commerce",
    entity: "order",
    field: "changeRequest",
    label: "Order change request",
    type: "text",
    risk: "high",
  },
  {
    key: "subscription.plan",
    store: "commerce",
    entity: "subscription",
    field: "plan",
    label: "Subscription plan",
    type: "enum",
    risk: "medium",
    options: ["basic", "standard", "premium"],
  },
  {
    key: "subscription.status",
    store: "commerce",
    entity: "subscription",
    field: "status",
    label: "Subscription status",
    type: "enum",
    risk: "medium",
    options: ["active", "paused", "cancelled"],
  },
  {
    key: "ticket.status",
    store: "ticketing",
    entity: "ticket",
    field: "status",
    label: "Ticket status",
    type: "enum",
    risk: "low",
    options: ["open", "pending", "solved", "closed"],
  },
  {
    key: "ticket.priority",
    store: "ticketing",
    entity: "ticket",
    field: "priority",
    label: "Ticket priority",
    type: "enum",
    risk: "low",
    options: ["low", "normal", "high", "urgent"],
  },
] as const satisfies readonly FieldDefinition[];

export type FieldKey = (typeof fieldCatalog)[number]["key"];
export const fieldKeys = fieldCatalog.map((f) => f.key) as [FieldKey, ...FieldKey[]];

export const intentNames = [
  "update_email",
  "update_phone",
  "update_name",
  "update_postal_address",
  "update_shipping_address",
  "cancel_order",
  "change_order",
  "change_subscription_plan",
  "pause_subscription",
  "cancel_subscription",
  "marketing_subscribe",
  "marketing_unsubscribe",
  "close_ticket",
  "reprioritize_ticket",
  "delete_account",
  "no_change",
] as const;
export type IntentName = (typeof intentNames)[number];
export const intentNameSchema = z.enum(intentNames);

export type IntentDefinition = {
  name: IntentName;
  label: string;
  /** fields this intent may write; anything else it proposes is dropped */
  fields: readonly FieldKey[];
  /** a fixed value the intent implies (cancel_order sets order.status to "cancelled") */
  impliedValues?: Partial<Record<FieldKey, unknown>>;
  /** intents that never run without a person, whatever the confidence */
  alwaysReview?: boolean;
};

export const intentCatalog = [
  { name: "update_email", label: "Update email", fields: ["contact.email"] },
  { name: "update_phone", label: "Update phone", fields: ["contact.phone"] },
  { name: "update_name", label: "Update name", fields: ["contact.name"] },
  { name: "update_postal_address", label: "Update postal address", fields: ["contact.postalAddress"] },
  {
    name: "update_shipping_address",
    label: "Update shipping address",
    fields: ["contact.shippingAddress", "order.shippingAddress"],
  },
  {
    name: "cancel_order",
    label: "Cancel order",
    fields: ["order.status"],
    impliedValues: { "order.status": "cancelled" },
  },
  { name: "change_order", label: "Change order", fields: ["order.changeRequest"], alwaysReview: true },
  { name: "change_subscription_plan", label: "Change subscription plan", fields: ["subscription.plan"] },
  {
    name: "pause_subscription",
    label: "Pause subscription",
    fields: ["subscription.status"],
    impliedValues: { "subscription.status": "paused" },
  },
  {
    name: "cancel_subscription",
    label: "Cancel subscription",
    fields: ["subscription.status"],
    impliedValues: { "subscription.status": "cancelled" },
  },
  {
    name: "marketing_subscribe",
    label: "Subscribe to marketing",
    fields: ["contact.marketingConsent"],
    impliedValues: { "contact.marketingConsent": true },
  },
  {
    name: "marketing_unsubscribe",
    label: "Unsubscribe from marketing",
    fields: ["contact.marketingConsent"],
    impliedValues: { "contact.marketingConsent": false },
  },
  {
    name: "close_ticket",
    label: "Close ticket",
    fields: ["ticket.status"],
    impliedValues: { "ticket.status": "closed" },
  },
  { name: "reprioritize_ticket", label: "Reprioritise ticket", fields: ["ticket.priority"] },
  {
    name: "delete_account",
    label: "Delete account / erase data",
    fields: ["contact.status"],
    impliedValues: { "contact.status": "erasure_requested" },
    alwaysReview: true,
  },
  { name: "no_change", label: "No change", fields: [] },
] as const satisfies readonly IntentDefinition[];

const fieldsByKey = new Map<string, FieldDefinition>(fieldCatalog.map((f) => [f.key, f]));
const intentsByName = new Map<string, IntentDefinition>(intentCatalog.map((i) => [i.name, i]));

export function getFieldDefinition(key: string): FieldDefinition | undefined {
  return fieldsByKey.get(key);
}

export function getIntentDefinition(name: string): IntentDefinition | undefined {
  return intentsByName.get(name);
}

export function isFieldAllowedForIntent(intent: string, fieldKey: string): boolean {
  const definition = intentsByName.get(intent);
  return definition !== undefined && (definition.fields as readonly string[]).includes(fieldKey);
}
