import type { DbOrTx } from "@/db/client";
import { listAppliedChangesOfProposal } from "@/db/queries/applied-changes";
import { listOutboxItemsOfProposal } from "@/db/queries/outbox";
import { getProposalById, listChangesOfProposal } from "@/db/queries/proposals";
import { listRollbacksOfProposal } from "@/db/queries/rollbacks";
import { AppError } from "../errors";
import { externalWriteKey } from "./apply-change-set";
import { getFieldDefinition } from "@/contracts/catalog";

/**
 * What the proposal page's rollback and delivery panels show: each written field with its rollback
 * state, the rollbacks of this set, a rollback's open conflicts, and every outbox item (external
 * writes and notices) with its delivery state.
 */
export async function getChangeState(db: DbOrTx, proposalId: string) {
  const proposal = await getProposalById(db, proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  const [changes, applied, items, rollbacks, rollsBack] = await Promise.all([
    listChangesOfProposal(db, proposal.id),
    listAppliedChangesOfProposal(db, proposal.id),
    listOutboxItemsOfProposal(db, proposal.id),
    listRollbacksOfProposal(db, proposal.id),
    proposal.rollsBackProposalId ? getProposalById(db, proposal.rollsBackProposalId) : undefined,
  ]);
  const labelOf = (key: string) => getFieldDefinition(key)?.label ?? key;
  const changeById = new Map(changes.map((c) => [c.id, c]));
  const writes = items.filter((i) => i.kind === "connector_write");
  return {
    proposal: {
      id: proposal.id,
      kind: proposal.kind,
      status: proposal.status,
      version: proposal.version,
      rolledBackByProposalId: proposal.rolledBackByProposalId,
    },
    rollsBack: rollsBack ? { id: rollsBack.id, summary: rollsBack.summary, status: rollsBack.status } : null,
    applied: applied
      .map((row) => ({
        id: row.id,
        field: row.field,
        fieldLabel: labelOf(row.field),
        type: getFieldDefinition(row.field)?.type ?? "text",
        recordLabel: changeById.get(row.proposedChangeId)?.recordLabel ?? row.recordId,
        store: row.store,
        oldValue: row.oldValue,
        newValue: row.newValue,
        appliedAt: row.appliedAt,
        rolledBackByProposalId: row.rolledBackByProposalId,
        rolledBackAt: row.rolledBackAt,
      }))
      .sort((a, b) => a.appliedAt.getTime() - b.appliedAt.getTime()),
    rollbacks,
    /** a rollback's fields that changed since: the person skips or forces each */
    conflicts:
      proposal.status === "conflict" && proposal.kind === "rollback"
        ? changes
            .filter((c) => c.status === "conflict")
            .map((c) => ({
              changeId: c.id,
              fieldLabel: labelOf(c.field),
              type: getFieldDefinition(c.field)?.type ?? "text",
              recordLabel: c.recordLabel,
              currentValue: c.baseValue,
              restoreValue: c.proposedValue,
            }))
        : [],
    external: changes
      .filter((c) => writes.some((w) => w.idempotencyKey === externalWriteKey(c.id)))
      .map((c) => {
        const item = writes.find((w) => w.idempotencyKey === externalWriteKey(c.id));
        return {
          changeId: c.id,
          fieldLabel: labelOf(c.field),
          recordLabel: c.recordLabel,
          store: c.store,
          status: c.status,
          forced: c.forced,
          lastError: c.lastError ?? item?.lastError ?? null,
          attempts: item?.attempts ?? 0,
          deliveryStatus: item?.status ?? null,
          sentAt: item?.sentAt ?? null,
        };
      }),
    notices: items
      .filter((i) => i.kind === "notification")
      .map((i) => ({
        id: i.id,
        channel: i.channel,
        recipient: i.recipient,
        status: i.status,
        kept: i.status === "pending" && i.nextAttemptAt === null,
        attempts: i.attempts,
        lastError: i.lastError,
        sentAt: i.sentAt,
        createdAt: i.createdAt,
        payload: i.payload as { subject?: string; body?: string },
      })),
  };
}

export type ChangeState = Awaited<ReturnType<typeof getChangeState>>;
