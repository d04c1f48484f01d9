import { and, desc, eq, like, lt, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { auditEvents } from "../schema";

export type AuditEvent = typeof auditEvents.$inferSelect;

export type AuditFilter = {
  contactId?: string;
  proposalId?: string;
  messageId?: string;
  entityId?: string;
  /** prefix match: "proposal." finds every proposal event */
  action?: string;
  actorId?: string;
  /** with `proposalId`: also the events of the message the proposal came from */
  includeMessageId?: string;
};

/** Newest first, keyset-paginated on id (ids are chain order). */
export async function listAuditEvents(
  db: DbOrTx,
  params: AuditFilter & { beforeId?: number; limit: number },
) {
  const conditions: SQL[] = [];
  if (params.contactId) conditions.push(eq(auditEvents.contactId, params.contactId));
  if (params.proposalId) {
    const ofProposal = params.includeMessageId
      ? or(eq(auditEvents.proposalId, params.proposalId), eq(auditEvents.messageId, params.includeMessageId))
      : eq(auditEvents.proposalId, params.proposalId);
    if (ofProposal) conditions.push(ofProposal);
  }
  if (params.messageId) conditions.push(eq(auditEvents.messageId, params.messageId));
  if (params.entityId) conditions.push(eq(auditEvents.entityId, params.entityId));
  if (params.actorId) conditions.push(eq(auditEvents.actorId, params.actorId));
  if (params.action)
    conditions.push(like(auditEvents.action, `${params.action.replace(/[%_\\]/g, "\\$&")}%`));
  if (params.beforeId) conditions.push(lt(auditEvents.id, params.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(params.limit);
}
