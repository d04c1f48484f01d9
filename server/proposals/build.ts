import type { Tx } from "@/db/client";
import {
  getOrderOfContact,
  getSubscriptionOfContact,
  getTicketOfContact,
  listOpenOrdersOfContact,
  listSubscriptionsOfContact,
  listTicketsOfContact,
} from "@/db/queries/records";
import { getConnector } from "../connectors/builtin";
import {
  getFieldDefinition,
  getIntentDefinition,
  isFieldAllowedForIntent,
  type EntityName,
  type StoreName,
} from "@/contracts/catalog";
import { normalizeFieldValue } from "../extraction/normalize";
import type { ExtractedChange } from "../extraction/types";
import { sameValue } from "@/contracts/values";

export type CandidateChange = {
  intent: string;
  store: StoreName;
  entity: EntityName;
  recordId: string;
  recordLabel: string;
  field: string;
  baseValue: unknown;
  baseVersion: number;
  proposedValue: unknown;
  confidence: number;
  evidenceStart: number;
  evidenceEnd: number;
  rationale: string;
  /** the extractor's reasons its evidence does not agree; any one sends the change to a person */
  doubts: readonly string[];
};

/**
 * Why an extracted change was not proposed. `unchanged` means the record already says so; every
 * other cause leaves a request nobody acted on, which the pipeline hands to a person.
 */
export type DropCause = "catalog" | "value" | "target" | "record" | "unchanged";
export type DroppedChange = { intent: string; field: string; reason: string; cause: DropCause };

/** A record reference in text: "1042", "#1042", "S-12", "T-88" → 1042, 12, 88. */
function referenceNumber(reference: string | undefined): number | null {
  const digits = reference?.match(/\d+/)?.[0];
  return digits ? Number(digits) : null;
}

// When a message names no order, subscription or ticket, the customer's only open one is meant;
// the confidence drops because that is an inference, not something the customer wrote.
const inferredTargetFactor = 0.85;

async function findTarget(
  tx: Tx,
  contactId: string,
  change: ExtractedChange,
): Promise<{ recordId: string; inferred: boolean } | { error: string }> {
  const entity = change.entity;
  const number = referenceNumber(change.reference);
  switch (entity) {
    case "contact":
      return { recordId: contactId, inferred: false };
    case "order": {
      if (number !== null) {
        const order = await getOrderOfContact(tx, contactId, number);
        return order
          ? { recordId: order.id, inferred: false }
          : { error: `order ${number} is not one of this customer's orders` };
      }
      const open = await listOpenOrdersOfContact(tx, contactId);
      return open.length === 1 && open[0]
        ? { recordId: open[0].id, inferred: true }
        : { error: "no order number given and the customer has no single open order" };
    }
    case "subscription": {
      if (number !== null) {
        const subscription = await getSubscriptionOfContact(tx, contactId, number);
        return subscription
          ? { recordId: subscription.id, inferred: false }
          : { error: `subscription ${number} is not this customer's` };
      }
      const live = (await listSubscriptionsOfContact(tx, contactId)).filter((s) => s.status !== "cancelled");
      return live.length === 1 && live[0]
        ? { recordId: live[0].id, inferred: true }
        : { error: "no subscription named and the customer has no single active subscription" };
    }
    case "ticket": {
      if (number !== null) {
        const ticket = await getTicketOfContact(tx, contactId, number);
        return ticket
          ? { recordId: ticket.id, inferred: false }
          : { error: `ticket ${number} is not this customer's` };
      }
      const open = (await listTicketsOfContact(tx, contactId)).filter((t) => t.status !== "closed");
      return open.length === 1 && open[0]
        ? { recordId: open[0].id, inferred: true }
        : { error: "no ticket named and the customer has no single open ticket" };
    }
    case "account":
      return { error: "accounts are not changed from messages" };
  }
}

/**
 * Turns extracted changes into candidate field changes against the verified customer's records:
 * catalog check, normalization, target lookup, base value and version, no-op removal.
 * A later change to the same field wins (a customer correcting themselves).
 */
export async function buildCandidateChanges(
  tx: Tx,
  contactId: string,
  extracted: ExtractedChange[],
): Promise<{ changes: CandidateChange[]; dropped: DroppedChange[] }> {
  const changes = new Map<string, CandidateChange>();
  const dropped: DroppedChange[] = [];
  for (const change of extracted) {
    const field = getFieldDefinition(change.field);
    const intent = getIntentDefinition(change.intent);
    if (
      !field ||
      !intent ||
      !isFieldAllowedForIntent(change.intent, change.field) ||
      field.entity !== change.entity
    ) {
      dropped.push({
        intent: change.intent,
        field: change.field,
        reason: "not allowed by the catalog",
        cause: "catalog",
      });
      continue;
    }
    const implied = (intent.impliedValues as Record<string, unknown> | undefined)?.[field.key];
    const normalized = normalizeFieldValue(field.key, implied ?? change.value);
    if (!normalized.ok) {
      dropped.push({ intent: change.intent, field: field.key, reason: normalized.error, cause: "value" });
      continue;
    }
    const target = await findTarget(tx, contactId, change);
    if ("error" in target) {
      dropped.push({ intent: change.intent, field: field.key, reason: target.error, cause: "target" });
      continue;
    }
    const record = await getConnector(field.store).readRecord(tx, field.entity, target.recordId);
    if (!record) {
      dropped.push({ intent: change.intent, field: field.key, reason: "record not found", cause: "record" });
      continue;
    }
    const current = record.values[field.field] ?? null;
    const key = `${record.id}:${field.key}`;
    if (sameValue(current, normalized.value)) {
      changes.delete(key);
      dropped.push({
        intent: change.intent,
        field: field.key,
        reason: "the record already has this value",
        cause: "unchanged",
      });
      continue;
    }
    changes.set(key, {
      intent: change.intent,
      store: field.store,
      entity: field.entity,
      recordId: record.id,
      recordLabel: record.label,
      field: field.key,
      baseValue: current,
      baseVersion: record.version,
      proposedValue: normalized.value,
      confidence: target.inferred ? change.confidence * inferredTargetFactor : change.confidence,
      evidenceStart: change.evidence.start,
      evidenceEnd: change.evidence.end,
      rationale: target.inferred
        ? `${change.rationale} (the customer's only open ${field.entity})`
        : change.rationale,
      doubts: change.doubts ?? [],
    });
  }
  return { changes: [...changes.values()], dropped };
}
