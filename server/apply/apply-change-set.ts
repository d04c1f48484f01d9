import type { Db, Tx } from "@/db/client";
import { getLastAppliedChangeOnField, insertAppliedChange } from "@/db/queries/applied-changes";
import { getMessageById } from "@/db/queries/messages";
import {
  getProposalForUpdate,
  listChangesOfProposal,
  updateProposal,
  updateProposedChange,
  type Proposal,
  type ProposedChange,
} from "@/db/queries/proposals";
import type { ConflictDetail } from "@/db/schema";
import { appendAuditEvents, type Actor, type AuditEventInput } from "../audit/append";
import { getConnector } from "../connectors/builtin";
import type { StoredRecord } from "../connectors/types";
import { AppError } from "../errors";
import { getFieldDefinition, type EntityName } from "../extraction/catalog";
import { sameValue, valueToWrite } from "../proposals/values";
import { queueCustomerNotice } from "./notify";

export type ApplyOutcome =
  | { status: "applied"; applied: number; unchanged: number }
  | { status: "conflict"; conflicts: ConflictDetail[] }
  | { status: "already_applied" }
  | { status: "not_approved"; currentStatus: Proposal["status"] };

/**
 * Applies an approved change set, inside the caller's transaction. DESIGN.md step 7:
 * - the proposal row is locked and must be `approved`, so a re-run, a second worker or a double
 *   click finds it `applied` and does nothing;
 * - every field is compared with its base; one difference makes the whole set a conflict that goes
 *   back to review with fresh bases, and nothing is written;
 * - one applied-change row per change under a unique key is the last line of defence.
 */
export async function applyChangeSetInTransaction(
  tx: Tx,
  params: { proposalId: string; actor: Actor },
): Promise<ApplyOutcome> {
  const proposal = await getProposalForUpdate(tx, params.proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  if (proposal.status === "applied") return { status: "already_applied" };
  if (proposal.status !== "approved") return { status: "not_approved", currentStatus: proposal.status };

  const changes = (await listChangesOfProposal(tx, proposal.id)).filter((c) => c.status === "approved");
  // lock every target record in a fixed order so two change sets never deadlock
  const records = new Map<string, StoredRecord>();
  const targets = [...new Map(changes.map((c) => [c.recordId, c])).values()].sort((a, b) => a.recordId.localeCompare(b.recordId));
  for (const change of targets) {
    const record = await getConnector(change.store).readRecord(tx, change.entity as EntityName, change.recordId, { forUpdate: true });
    if (!record) throw new AppError("CONFLICT", `${change.recordLabel} no longer exists`);
    records.set(change.recordId, record);
  }

  const conflicts: ConflictDetail[] = [];
  for (const change of changes) {
    const record = records.get(change.recordId);
    const field = getFieldDefinition(change.field);
    if (!record || !field) continue;
    const current = record.values[field.field] ?? null;
    if (!sameValue(current, change.baseValue)) {
      const last = await getLastAppliedChangeOnField(tx, record.id, change.field);
      conflicts.push({
        field: change.field,
        recordId: record.id,
        expectedValue: change.baseValue,
        expectedVersion: change.baseVersion,
        currentValue: current,
        currentVersion: record.version,
        changedAt: (last?.appliedAt ?? record.updatedAt).toISOString(),
        changedBy: last ? `Changedesk (proposal ${last.proposalId.slice(0, 8)})` : null,
      });
    }
  }
  if (conflicts.length > 0) return sendBackWithConflicts(tx, proposal, changes, records, conflicts, params.actor);

  let applied = 0;
  let unchanged = 0;
  const audit: AuditEventInput[] = [];
  const changesByRecord = Map.groupBy(changes, (c) => c.recordId);
  for (const [recordId, recordChanges] of changesByRecord) {
    const record = records.get(recordId);
    const first = recordChanges[0];
    if (!record || !first) continue;
    const fields: Record<string, unknown> = {};
    for (const change of recordChanges) {
      const field = getFieldDefinition(change.field);
      if (!field) continue;
      if (sameValue(record.values[field.field], valueToWrite(change))) {
        await updateProposedChange(tx, change.id, { status: "no_op" });
        unchanged += 1;
        continue;
      }
      fields[field.field] = valueToWrite(change);
    }
    if (Object.keys(fields).length === 0) continue;
    const connector = getConnector(first.store);
    const newVersion = await connector.writeFields(tx, first.entity as EntityName, recordId, record.version, fields);
    if (newVersion === null) throw new AppError("CONFLICT", `${record.label} changed while it was being written; try again`);
    for (const change of recordChanges) {
      const field = getFieldDefinition(change.field);
      if (!field || !(field.field in fields)) continue;
      const row = await insertAppliedChange(tx, {
        proposedChangeId: change.id,
        proposalId: proposal.id,
        store: change.store,
        entity: change.entity,
        recordId,
        field: change.field,
        oldValue: record.values[field.field] ?? null,
        newValue: valueToWrite(change),
        versionBefore: record.version,
        versionAfter: newVersion,
        actorType: params.actor.type,
        actorId: params.actor.id,
      });
      // the unique key refused a second application: abort the whole transaction
      if (!row) throw new AppError("CONFLICT", "This change was already applied");
      await updateProposedChange(tx, change.id, { status: "applied" });
      applied += 1;
      audit.push({
        actor: params.actor,
        action: "change.applied",
        entityType: change.entity,
        entityId: recordId,
        proposalId: proposal.id,
        messageId: proposal.messageId,
        contactId: proposal.contactId,
        policyVersion: proposal.policyVersion,
        data: {
          field: change.field,
          record: change.recordLabel,
          from: record.values[field.field] ?? null,
          to: valueToWrite(change),
          edited: change.editedValue !== null,
          versionBefore: record.version,
          versionAfter: newVersion,
        },
      });
    }
  }

  await updateProposal(tx, proposal.id, { status: "applied", appliedAt: new Date(), claimedBy: null, claimExpiresAt: null });
  if (proposal.kind === "rollback" && proposal.rollsBackProposalId) {
    await updateProposal(tx, proposal.rollsBackProposalId, { rolledBackByProposalId: proposal.id });
  }
  if (applied > 0 && proposal.messageId) {
    const message = await getMessageById(tx, proposal.messageId);
    if (message) await queueCustomerNotice(tx, { proposal, message, changes: changes.filter((c) => c.status !== "no_op") });
  }
  audit.push({
    actor: params.actor,
    action: "proposal.applied",
    entityType: "proposal",
    entityId: proposal.id,
    proposalId: proposal.id,
    messageId: proposal.messageId,
    contactId: proposal.contactId,
    policyVersion: proposal.policyVersion,
    data: { applied, unchanged },
  });
  await appendAuditEvents(tx, audit);
  return { status: "applied", applied, unchanged };
}

async function sendBackWithConflicts(
  tx: Tx,
  proposal: Proposal,
  changes: ProposedChange[],
  records: Map<string, StoredRecord>,
  conflicts: ConflictDetail[],
  actor: Actor,
): Promise<ApplyOutcome> {
  // fresh bases, so the reviewer sees the diff against what the record holds now
  for (const change of changes) {
    const record = records.get(change.recordId);
    const field = getFieldDefinition(change.field);
    if (!record || !field) continue;
    const conflicted = conflicts.some((c) => c.recordId === change.recordId && c.field === change.field);
    await updateProposedChange(tx, change.id, {
      status: conflicted ? "conflict" : "pending",
      baseValue: record.values[field.field] ?? null,
      baseVersion: record.version,
    });
  }
  await updateProposal(tx, proposal.id, { status: "conflict", conflicts, decidedAt: null, decidedBy: null });
  await appendAuditEvents(tx, [
    {
      actor,
      action: "proposal.conflict",
      entityType: "proposal",
      entityId: proposal.id,
      proposalId: proposal.id,
      messageId: proposal.messageId,
      contactId: proposal.contactId,
      policyVersion: proposal.policyVersion,
      data: { conflicts },
    },
  ]);
  return { status: "conflict", conflicts };
}

export async function applyChangeSet(db: Db, params: { proposalId: string; actor: Actor }): Promise<ApplyOutcome> {
  return db.transaction((tx) => applyChangeSetInTransaction(tx, params));
}
