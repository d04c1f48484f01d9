import type { DbOrTx } from "@/db/client";
import { listAppliedChangesOfProposal } from "@/db/queries/applied-changes";
import { listAuditEvents } from "@/db/queries/audit";
import { getConsoleMessageById } from "@/db/queries/messages";
import {
  getProposalById,
  listApprovalsOfProposal,
  listChangesOfProposal,
  listDecisionsOfProposal,
  type ApprovalRow,
  type Proposal,
  type ProposedChange,
} from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { getUserById } from "@/db/queries/users";
import { getConnector } from "../connectors/builtin";
import { AppError } from "../errors";
import { getFieldDefinition } from "@/contracts/catalog";
import { isOpenProposalStatus } from "@/contracts/statuses";
import { approvableChanges, approvalsOfRound, digestOfChanges } from "./approvals";

function approverOf(row: ApprovalRow, resetReasons: ReadonlyMap<number, string>) {
  return {
    userId: row.userId,
    name: row.userName ?? "a removed user",
    at: row.createdAt,
    edited: row.kind === "edit_approve",
    round: row.approvalRound,
    /** why this approval stopped counting (conflict, edited, set_changed), when it did */
    resetReason: row.approvalRound === null ? null : (resetReasons.get(row.approvalRound) ?? null),
  };
}

/**
 * Who approved what stands (names and times), and the approvals that no longer count (given
 * before a conflict, an edit or a change to the set). `youApproved`: the viewer is already one
 * of the approvals that count, so only someone else can add the next.
 */
function approvalsView(
  proposal: Proposal,
  changes: ProposedChange[],
  approvals: ApprovalRow[],
  events: { action: string; data: unknown }[],
  viewerId: string | undefined,
) {
  const resetReasons = new Map<number, string>();
  for (const event of events) {
    const data = event.data as { round?: unknown; reason?: unknown } | null;
    if (event.action === "proposal.approvals_reset" && typeof data?.round === "number")
      resetReasons.set(data.round, String(data.reason));
  }
  const round = approvalsOfRound(approvals, proposal);
  // open: what counts is an approval of exactly the values that stand now; decided: its last round
  const digest = isOpenProposalStatus(proposal.status)
    ? digestOfChanges(approvableChanges(changes))
    : (round.at(-1)?.changeDigest ?? null);
  const current = round.filter((a) => a.changeDigest === digest);
  return {
    required: proposal.requiredApprovals,
    round: proposal.approvalRound,
    digest,
    current: current.map((a) => approverOf(a, resetReasons)),
    earlier: approvals.filter((a) => !current.includes(a)).map((a) => approverOf(a, resetReasons)),
    youApproved: viewerId !== undefined && current.some((a) => a.userId === viewerId),
  };
}

/** Everything the proposal page shows: the message, each change against the record as it is now, history. */
export async function getProposalDetail(db: DbOrTx, proposalId: string, viewerId?: string) {
  const proposal = await getProposalById(db, proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  const [changes, message, contact, decisions, applied, events, claimedBy, approvals] = await Promise.all([
    listChangesOfProposal(db, proposal.id),
    proposal.messageId ? getConsoleMessageById(db, proposal.messageId) : undefined,
    proposal.contactId ? getContactById(db, proposal.contactId) : undefined,
    listDecisionsOfProposal(db, proposal.id),
    listAppliedChangesOfProposal(db, proposal.id),
    listAuditEvents(db, {
      proposalId: proposal.id,
      includeMessageId: proposal.messageId ?? undefined,
      limit: 200,
    }),
    proposal.claimedBy ? getUserById(db, proposal.claimedBy) : undefined,
    listApprovalsOfProposal(db, proposal.id),
  ]);
  const changesWithCurrent = await Promise.all(
    changes.map(async (change) => {
      const field = getFieldDefinition(change.field);
      const record = field
        ? await getConnector(change.store).readRecord(db, change.entity, change.recordId)
        : null;
      return {
        ...change,
        fieldLabel: field?.label ?? change.field,
        fieldType: field?.type ?? "text",
        currentValue: record && field ? (record.values[field.field] ?? null) : null,
        currentVersion: record?.version ?? null,
        applied: applied.find((a) => a.proposedChangeId === change.id) ?? null,
      };
    }),
  );
  return {
    proposal: { ...proposal, claimedByName: claimedBy?.name ?? null },
    changes: changesWithCurrent,
    message: message ?? null,
    contact: contact ?? null,
    decisions,
    approvals: approvalsView(proposal, changes, approvals, events, viewerId),
    events: events.reverse(),
  };
}
