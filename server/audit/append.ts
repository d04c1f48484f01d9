import { auditEvents } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

/** Who did something: a person, the policy, the pipeline, or an API client. */
export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "policy"; id: null; label: string }
  | { type: "system"; id: null; label: string }
  | { type: "api_key"; id: string; label: string };

export const systemActor: Actor = { type: "system", id: null, label: "pipeline" };

export type AuditEventInput = {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  contactId?: string | null;
  proposalId?: string | null;
  messageId?: string | null;
  policyVersion?: number | null;
  data?: Record<string, unknown>;
};

/** The fields every audit entry about a proposal carries, so its trail can be found from any side. */
export function aboutProposal(proposal: {
  id: string;
  messageId: string | null;
  contactId: string | null;
  policyVersion: number | null;
}): Pick<
  AuditEventInput,
  "entityType" | "entityId" | "proposalId" | "messageId" | "contactId" | "policyVersion"
> {
  return {
    entityType: "proposal",
    entityId: proposal.id,
    proposalId: proposal.id,
    messageId: proposal.messageId,
    contactId: proposal.contactId,
    policyVersion: proposal.policyVersion,
  };
}

/**
 * Appends audit events. Call it inside the transaction that makes the state change, so the change
 * and its audit entries commit together. The database assigns id, time and the writing
 * transaction; the sealer links the entries into the hash chain once that transaction has ended,
 * so appends never wait on each other.
 */
export async function appendAuditEvents(db: DbOrTx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(auditEvents).values(
    events.map((event) => ({
      actorType: event.actor.type,
      actorId: event.actor.id,
      actorLabel: event.actor.label,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      contactId: event.contactId ?? null,
      proposalId: event.proposalId ?? null,
      messageId: event.messageId ?? null,
      policyVersion: event.policyVersion ?? null,
      data: event.data ?? {},
    })),
  );
}
