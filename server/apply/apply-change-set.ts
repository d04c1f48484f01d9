import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import {
  getLastAppliedChangeOnField,
  insertAppliedChange,
  markAppliedChangeRolledBack,
} from "@/db/queries/applied-changes";
import {
  getProposalForUpdate,
  listApprovalsOfProposal,
  listChangesOfProposal,
  updateProposedChange,
  type Proposal,
  type ProposedChange,
} from "@/db/queries/proposals";
import type { ConflictDetail } from "@/db/schema";
import { putInOutbox } from "@/jobs/outbox-delivery";
import { aboutProposal, appendAuditEvents, type Actor, type AuditEventInput } from "../audit/append";
import { getConnector } from "../connectors/builtin";
import { holdConnectorConfig } from "../connectors/config-lock";
import { listExternalStores } from "../connectors/config";
import type { StoredRecord } from "../connectors/types";
import { AppError } from "../errors";
import { approvalsOfRound, approvalsResetEvent } from "../proposals/approvals";
import { transitionProposal } from "../proposals/state-machine";
import { getFieldDefinition } from "@/contracts/catalog";
import { sameValue, valueToWrite } from "@/contracts/values";
import { finishProposalIfComplete } from "./finish";

export type ApplyOutcome =
  | { status: "applied"; applied: number; unchanged: number }
  | { status: "partially_applied"; applied: number; unchanged: number; sending: number }
  | { status: "no_op" }
  | { status: "conflict"; conflicts: ConflictDetail[] }
  | { status: "already_applied" }
  | { status: "not_approved"; currentStatus: Proposal["status"] };

/** The queue lets the apply transaction enqueue outbox deliveries itself; without it the worker's sweeper does. */
export type ApplyDeps<D extends Db | Tx = Db> = { db: D; boss?: PgBoss };
export type ApplyParams = { proposalId: string; actor: Actor };

/**
 * Applies an approved change set, inside the caller's transaction (docs/architecture.md, "apply"):
 * - the proposal row is locked and must be `approved`, so a re-run, a second worker or a double
 *   click finds it `applied` and does nothing;
 * - every field is compared with its base; one difference makes the whole set a conflict that goes
 *   back to review with fresh bases, and nothing is written;
 * - one applied-change row per change under a unique key is the last line of defence.
 *
 * Changes to a store behind an external connector are not written here: they become outbox items
 * (status `sending`) delivered after commit, and the proposal is `partially_applied` until the
 * last one lands (see server/apply/external-write.ts and docs/guarantees.md).
 */
export async function applyChangeSetInTransaction(
  deps: ApplyDeps<Tx>,
  params: ApplyParams,
): Promise<ApplyOutcome> {
  const tx = deps.db;
  const proposal = await getProposalForUpdate(tx, params.proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  if (proposal.status === "applied" || proposal.status === "partially_applied")
    return { status: "already_applied" };
  if (proposal.status !== "approved") return { status: "not_approved", currentStatus: proposal.status };
  await holdConnectorConfig(tx, "shared");

  const allChanges = await listChangesOfProposal(tx, proposal.id);
  const changes = allChanges.filter((c) => c.status === "approved");
  if (changes.length === 0) {
    // every field was skipped (a rollback whose conflicts were all kept as they are)
    await transitionProposal(tx, {
      proposalId: proposal.id,
      expectedVersion: proposal.version,
      from: ["approved"],
      to: "no_op",
    });
    await appendAuditEvents(tx, [
      proposalEvent(proposal, params.actor, "proposal.no_op", { reason: "every change was skipped" }),
    ]);
    return { status: "no_op" };
  }
  const external = await listExternalStores(tx, [...new Set(changes.map((c) => c.store))]);

  // lock every target record in a fixed order so two change sets never deadlock
  const records = new Map<string, StoredRecord>();
  const targets = [...new Map(changes.map((c) => [c.recordId, c])).values()].sort((a, b) =>
    a.recordId.localeCompare(b.recordId),
  );
  for (const change of targets) {
    const record = await getConnector(change.store).readRecord(tx, change.entity, change.recordId, {
      forUpdate: true,
    });
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
      const last = await getLastAppliedChangeOnField(tx, { recordId: record.id, field: change.field });
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
  if (conflicts.length > 0)
    return sendBackWithConflicts(tx, proposal, changes, records, conflicts, params.actor);

  let applied = 0;
  let unchanged = 0;
  let sending = 0;
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
        if (change.rollsBackAppliedChangeId)
          await markAppliedChangeRolledBack(tx, {
            appliedChangeId: change.rollsBackAppliedChangeId,
            rollbackProposalId: proposal.id,
          });
        unchanged += 1;
        continue;
      }
      if (external.has(change.store)) {
        await queueExternalWrite(tx, deps.boss, proposal, change);
        sending += 1;
        continue;
      }
      fields[field.field] = valueToWrite(change);
    }
    if (Object.keys(fields).length === 0) continue;
    const connector = getConnector(first.store);
    const newVersion = await connector.writeFields(tx, first.entity, recordId, record.version, fields);
    if (newVersion === null)
      throw new AppError("CONFLICT", `${record.label} changed while it was being written; try again`);
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
      if (change.rollsBackAppliedChangeId)
        await markAppliedChangeRolledBack(tx, {
          appliedChangeId: change.rollsBackAppliedChangeId,
          rollbackProposalId: proposal.id,
        });
      applied += 1;
      audit.push(
        changeAppliedEvent(proposal, change, params.actor, {
          from: record.values[field.field] ?? null,
          versionBefore: record.version,
          versionAfter: newVersion,
        }),
      );
      // the base was refreshed when the conflict was found: forcing wrote over exactly that value
      if (change.forced)
        audit.push(forcedChangeEvent(proposal, change, params.actor, { overwrote: change.baseValue }));
    }
  }

  if (sending > 0) {
    await transitionProposal(tx, {
      proposalId: proposal.id,
      expectedVersion: proposal.version,
      from: ["approved"],
      to: "partially_applied",
    });
    audit.push(
      proposalEvent(proposal, params.actor, "proposal.partially_applied", { applied, unchanged, sending }),
    );
  }
  await appendAuditEvents(tx, audit);
  // finishing (status applied, rollback links, customer notice) is shared with the external path
  const finished = await finishProposalIfComplete(deps, { proposalId: proposal.id, actor: params.actor });
  if (finished) return { status: "applied", applied, unchanged };
  return { status: "partially_applied", applied, unchanged, sending };
}

async function queueExternalWrite(
  tx: Tx,
  boss: PgBoss | undefined,
  proposal: Proposal,
  change: ProposedChange,
): Promise<void> {
  await updateProposedChange(tx, change.id, { status: "sending", lastError: null });
  await putInOutbox(
    { db: tx, boss },
    {
      kind: "connector_write",
      idempotencyKey: externalWriteKey(change.id),
      proposalId: proposal.id,
      store: change.store,
      recipient: `${change.store}/${change.entity}/${change.recordId}`,
      payload: {
        changeId: change.id,
        field: change.field,
        value: valueToWrite(change),
        base: change.baseValue,
      },
    },
  );
}

export function changeAppliedEvent(
  proposal: Proposal,
  change: ProposedChange,
  actor: Actor,
  data: { from: unknown; versionBefore: number; versionAfter: number; remote?: Record<string, unknown> },
): AuditEventInput {
  return {
    actor,
    action: "change.applied",
    entityType: change.entity,
    entityId: change.recordId,
    proposalId: proposal.id,
    messageId: proposal.messageId,
    contactId: proposal.contactId,
    policyVersion: proposal.policyVersion,
    data: {
      field: change.field,
      record: change.recordLabel,
      store: change.store,
      from: data.from,
      to: valueToWrite(change),
      edited: change.editedValue !== null,
      forced: change.forced,
      rollsBackAppliedChangeId: change.rollsBackAppliedChangeId,
      versionBefore: data.versionBefore,
      versionAfter: data.versionAfter,
      ...(data.remote ? { remote: data.remote } : {}),
    },
  };
}

/**
 * The outbox key of one change's external write: the outbox finds the write by it, and the same
 * key goes to the remote system as its Idempotency-Key.
 */
export function externalWriteKey(changeId: string): string {
  return `write:${changeId}`;
}

/** `change.forced`: a person chose to write over a value that changed since the proposal was computed. */
export function forcedChangeEvent(
  proposal: Proposal,
  change: ProposedChange,
  actor: Actor,
  /** the value written over: the record's (refreshed base) or the external system's */
  data: { overwrote: unknown },
): AuditEventInput {
  return {
    actor,
    action: "change.forced",
    entityType: change.entity,
    entityId: change.recordId,
    proposalId: proposal.id,
    contactId: proposal.contactId,
    data: {
      field: change.field,
      record: change.recordLabel,
      store: change.store,
      overwrote: data.overwrote,
      decidedBy: change.decidedBy,
    },
  };
}

export function proposalEvent(
  proposal: Proposal,
  actor: Actor,
  action: string,
  data: Record<string, unknown>,
): AuditEventInput {
  return {
    actor,
    action,
    ...aboutProposal(proposal),
    data,
  };
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
  // the approvals were of a diff against bases that no longer hold: the move to conflict voids them
  const voided = approvalsOfRound(await listApprovalsOfProposal(tx, proposal.id), proposal);
  await transitionProposal(tx, {
    proposalId: proposal.id,
    expectedVersion: proposal.version,
    from: ["approved"],
    to: "conflict",
    set: { conflicts, decidedAt: null, decidedBy: null },
  });

  await appendAuditEvents(tx, [
    proposalEvent(proposal, actor, "proposal.conflict", { conflicts }),
    ...(voided.length > 0 ? [approvalsResetEvent({ proposal, actor, reason: "conflict", voided })] : []),
  ]);
  return { status: "conflict", conflicts };
}

export async function applyChangeSet(deps: ApplyDeps, params: ApplyParams): Promise<ApplyOutcome> {
  return deps.db.transaction((tx) => applyChangeSetInTransaction({ db: tx, boss: deps.boss }, params));
}
