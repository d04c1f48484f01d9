import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import { insertAppliedChange, markAppliedChangeRolledBack } from "@/db/queries/applied-changes";
import { getOutboxItemForUpdate, updateOutboxItem, type OutboxItem } from "@/db/queries/outbox";
import { getProposedChangeById } from "@/db/queries/proposed-changes";
import {
  getProposalForUpdate,
  updateProposal,
  updateProposedChange,
  type ProposedChange,
} from "@/db/queries/proposals";
import type { ConflictDetail } from "@/db/schema";
import { appendAuditEvents, type Actor } from "../audit/append";
import { getConnector } from "../connectors/builtin";
import { getConnectorConfig } from "../connectors/config";
import {
  patchRemoteRecord,
  readRemoteRecord,
  remoteFieldName,
  RetryableDeliveryError,
} from "../connectors/rest";
import { AppError } from "../errors";
import { getFieldDefinition } from "@/contracts/catalog";
import { describeValue, sameValue, valueToWrite } from "@/contracts/values";
import { changeAppliedEvent, forcedChangeEvent } from "./apply-change-set";
import { finishProposalIfComplete } from "./finish";

export type ConnectorWriteResult =
  | { status: "written"; alreadyHadValue: boolean }
  | { status: "already_written" }
  | { status: "remote_conflict"; currentValue: unknown }
  | { status: "obsolete"; reason: string };

const connectorActor: Actor = { type: "system", id: null, label: "connector delivery" };

/**
 * Writes one change to an external system: GET the record and its ETag, check the remote value is
 * still the base (or already the new value: an earlier attempt landed), PATCH with If-Match and the
 * outbox item's idempotency key, then record the applied change in our tables.
 *
 * A 412 or a network failure throws a retryable error: pg-boss retries with backoff, and the next
 * attempt re-reads. A remote value that is neither base nor target is a conflict: the change waits
 * for a person (force or skip), nothing is overwritten.
 */
export async function deliverConnectorWrite(
  deps: { db: Db; boss?: PgBoss },
  params: { item: OutboxItem },
): Promise<ConnectorWriteResult> {
  const { db } = deps;
  const { item } = params;
  const changeId = (item.payload as { changeId?: string }).changeId;
  const change = changeId ? await getProposedChangeById(db, changeId) : undefined;
  if (!change) return obsolete(db, item, "The change this write belonged to no longer exists.");
  if (change.status === "applied") {
    await updateOutboxItem(db, item.id, {
      status: "sent",
      sentAt: item.sentAt ?? new Date(),
      lastError: null,
    });
    return { status: "already_written" };
  }
  if (change.status !== "sending")
    return obsolete(db, item, `The change is ${change.status}; nothing was sent.`);
  const field = getFieldDefinition(change.field);
  const config = await getConnectorConfig(db, change.store);
  if (!field || !config || config.kind !== "rest" || !config.enabled) {
    throw new AppError("BAD_REQUEST", `The ${change.store} connector is not configured for REST any more`);
  }

  const remote = await readRemoteRecord(config, change.entity, change.recordId);
  if (!remote)
    return recordRemoteConflict(
      db,
      item,
      change,
      null,
      `${change.recordLabel} does not exist in ${change.store}`,
    );
  const remoteName = remoteFieldName(config, change.entity, field.field);
  const current = remote.values[remoteName] ?? null;
  const target = valueToWrite(change);

  if (sameValue(current, target)) {
    // an earlier attempt wrote it and crashed before recording, or someone made the same edit
    await recordExternalApplied(db, item, change, {
      current,
      etag: remote.etag,
      alreadyHadValue: true,
      boss: deps.boss,
    });
    return { status: "written", alreadyHadValue: true };
  }
  if (!change.forced && !sameValue(current, change.baseValue)) {
    return recordRemoteConflict(
      db,
      item,
      change,
      current,
      `${field.label} of ${change.recordLabel} is "${describeValue(current)}" in ${change.store}, not "${describeValue(change.baseValue)}" as when this was proposed`,
    );
  }
  const result = await patchRemoteRecord(config, {
    entity: change.entity,
    recordId: change.recordId,
    etag: remote.etag,
    fields: { [remoteName]: target },
    idempotencyKey: item.idempotencyKey,
  });
  if (result.status === "precondition_failed") {
    throw new RetryableDeliveryError(
      `${change.store} answered 412: ${change.recordLabel} changed between read and write; it will be re-read`,
    );
  }
  if (result.status === "not_found")
    return recordRemoteConflict(
      db,
      item,
      change,
      null,
      `${change.recordLabel} does not exist in ${change.store}`,
    );
  await recordExternalApplied(db, item, change, {
    current,
    etag: result.etag ?? remote.etag,
    alreadyHadValue: false,
    boss: deps.boss,
  });
  return { status: "written", alreadyHadValue: false };
}

async function obsolete(db: Db, item: OutboxItem, reason: string): Promise<ConnectorWriteResult> {
  await updateOutboxItem(db, item.id, { status: "dead", lastError: reason, nextAttemptAt: null });
  return { status: "obsolete", reason };
}

/** Records a landed external write: applied-change row (unique key), local copy, audit, maybe finish. */
async function recordExternalApplied(
  db: Db,
  item: OutboxItem,
  change: ProposedChange,
  params: { current: unknown; etag: string; alreadyHadValue: boolean; boss?: PgBoss },
): Promise<void> {
  await db.transaction(async (tx) => {
    const proposal = await getProposalForUpdate(tx, change.proposalId);
    const locked = await getOutboxItemForUpdate(tx, item.id);
    const fresh = await getProposedChangeById(tx, change.id);
    if (!proposal || !locked || !fresh || fresh.status === "applied") {
      if (locked && locked.status !== "sent")
        await updateOutboxItem(tx, item.id, {
          status: "sent",
          sentAt: new Date(),
          lastError: null,
          nextAttemptAt: null,
        });
      return;
    }
    // keep our copy of the record in step, so later proposals are computed against what the store holds
    const field = getFieldDefinition(change.field);
    const local = field
      ? await getConnector(change.store).readRecord(tx, change.entity, change.recordId, {
          forUpdate: true,
        })
      : null;
    let versionAfter = local?.version ?? 0;
    if (local && field && !sameValue(local.values[field.field], valueToWrite(change))) {
      versionAfter =
        (await getConnector(change.store).writeFields(tx, change.entity, change.recordId, local.version, {
          [field.field]: valueToWrite(change),
        })) ?? versionAfter;
    }
    const row = await insertAppliedChange(tx, {
      proposedChangeId: change.id,
      proposalId: proposal.id,
      store: change.store,
      entity: change.entity,
      recordId: change.recordId,
      field: change.field,
      oldValue: params.alreadyHadValue ? change.baseValue : (params.current ?? null),
      newValue: valueToWrite(change),
      versionBefore: local?.version ?? 0,
      versionAfter,
      actorType: connectorActor.type,
      actorId: connectorActor.id,
    });
    if (!row) throw new AppError("CONFLICT", "This change was already applied");
    await updateProposedChange(tx, change.id, { status: "applied", lastError: null });
    if (change.rollsBackAppliedChangeId)
      await markAppliedChangeRolledBack(tx, {
        appliedChangeId: change.rollsBackAppliedChangeId,
        rollbackProposalId: proposal.id,
      });
    await updateOutboxItem(tx, item.id, {
      status: "sent",
      sentAt: new Date(),
      attempts: locked.attempts + 1,
      lastError: null,
      nextAttemptAt: null,
    });
    const events = [
      changeAppliedEvent(proposal, change, connectorActor, {
        from: row.oldValue,
        versionBefore: row.versionBefore,
        versionAfter: row.versionAfter,
        remote: {
          etag: params.etag,
          alreadyHadValue: params.alreadyHadValue,
          idempotencyKey: item.idempotencyKey,
        },
      }),
    ];
    if (change.forced) {
      events.push(forcedChangeEvent(proposal, change, connectorActor, { overwrote: params.current }));
    }
    await appendAuditEvents(tx, events);
    await finishProposalIfComplete(
      { db: tx, boss: params.boss },
      { proposalId: proposal.id, actor: connectorActor },
    );
  });
}

async function recordRemoteConflict(
  db: Db,
  item: OutboxItem,
  change: ProposedChange,
  current: unknown,
  reason: string,
): Promise<ConnectorWriteResult> {
  await db.transaction(async (tx) => {
    const proposal = await getProposalForUpdate(tx, change.proposalId);
    const fresh = await getProposedChangeById(tx, change.id);
    if (!proposal || fresh?.status !== "sending") return;
    await updateProposedChange(tx, change.id, { status: "conflict", lastError: reason });
    await updateOutboxItem(tx, item.id, {
      status: "failed",
      lastError: reason,
      attempts: item.attempts + 1,
      nextAttemptAt: null,
    });
    const detail: ConflictDetail = {
      field: change.field,
      recordId: change.recordId,
      expectedValue: change.baseValue,
      expectedVersion: change.baseVersion,
      currentValue: current,
      currentVersion: change.baseVersion,
      changedAt: new Date().toISOString(),
      changedBy: `someone in ${change.store}`,
    };
    const others = (proposal.conflicts ?? []).filter(
      (c) => !(c.recordId === change.recordId && c.field === change.field),
    );
    await updateProposal(tx, proposal.id, { conflicts: [...others, detail] });
    await appendAuditEvents(tx, [
      {
        actor: connectorActor,
        action: "change.remote_conflict",
        entityType: change.entity,
        entityId: change.recordId,
        proposalId: proposal.id,
        contactId: proposal.contactId,
        data: { field: change.field, store: change.store, expected: change.baseValue, current, reason },
      },
    ]);
  });
  return { status: "remote_conflict", currentValue: current };
}

/** A delivery attempt failed; on the last attempt (or a failure retrying cannot fix) the item is dead. */
export async function recordConnectorWriteFailure(
  tx: Tx,
  item: OutboxItem,
  message: string,
  dead: boolean,
): Promise<void> {
  if (!dead) return;
  const changeId = (item.payload as { changeId?: string }).changeId;
  if (!changeId) return;
  const change = await getProposedChangeById(tx, changeId);
  if (change?.status !== "sending") return;
  await updateProposedChange(tx, change.id, { status: "failed", lastError: message });
  await appendAuditEvents(tx, [
    {
      actor: connectorActor,
      action: "change.delivery_failed",
      entityType: change.entity,
      entityId: change.recordId,
      proposalId: change.proposalId,
      data: { field: change.field, store: change.store, error: message, attempts: item.attempts + 1 },
    },
  ]);
}
