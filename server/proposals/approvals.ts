/**
 * The two-person rule's bookkeeping: what an approval approves (a digest of the change set it
 * saw, with its edits), which approvals still count, and who counts as the same person.
 *
 * An approval counts only in the approval round it was given in, and only for the values it
 * approved. A conflict (the record changed under the base), an edit, or a change to the set
 * starts a new round: the earlier approvals stay in the decisions and the audit trail, but the
 * set needs its approvals again. So a third person can never complete what two others approved
 * before the reset, and a second approver's edit needs another person's approval of the edit.
 */
import { createHash } from "node:crypto";
import type { ApprovalRow, Proposal, ProposedChange } from "@/db/queries/proposals";
import { canonicalJson, valueToWrite } from "@/contracts/values";
import { aboutProposal, type Actor, type AuditEventInput } from "../audit/append";

/** What an approval of the whole set approves: the changes nobody has decided yet. */
export function approvableChanges(changes: ProposedChange[]): ProposedChange[] {
  return changes.filter((c) => c.status === "pending" || c.status === "conflict");
}

export type ApprovedValue = { changeId: string; field: string; recordId: string; value: unknown };

/** Each change's value as this approval approves it: its edit when it has one, else what stands. */
export function approvedValues(
  changes: ProposedChange[],
  edits: ReadonlyMap<string, unknown> = new Map(),
): ApprovedValue[] {
  return [...changes]
    .sort((a, b) => a.position - b.position)
    .map((change) => ({
      changeId: change.id,
      field: change.field,
      recordId: change.recordId,
      value: edits.has(change.id) ? edits.get(change.id) : valueToWrite(change),
    }));
}

/**
 * SHA-256 over what is approved, change by change: the target, the base it was diffed against
 * (value and record version) and the value to write. Equal values give equal digests (canonical
 * JSON), so an "edit" to the value that already stands is no edit.
 */
export function digestOfChanges(
  changes: ProposedChange[],
  edits: ReadonlyMap<string, unknown> = new Map(),
): string {
  const approved = new Map(approvedValues(changes, edits).map((a) => [a.changeId, a.value]));
  const items = [...changes]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((change) => ({
      id: change.id,
      store: change.store,
      entity: change.entity,
      recordId: change.recordId,
      field: change.field,
      baseValue: change.baseValue,
      baseVersion: change.baseVersion,
      value: approved.get(change.id),
    }));
  return createHash("sha256").update(canonicalJson(items)).digest("hex");
}

/**
 * Who a person is for separation of duties: the identity provider's subject when the account has
 * one (two accounts of one person share it), else the account itself. Accounts without SSO are
 * told apart by id only; when SSO lands it fills `users.sso_subject` and this compares it.
 */
export function personKey(user: { userId: string | null; ssoSubject: string | null }): string {
  return user.ssoSubject ? `sso:${user.ssoSubject}` : `user:${user.userId ?? "policy"}`;
}

/** The approvals given in the proposal's current round. */
export function approvalsOfRound(approvals: ApprovalRow[], proposal: Pick<Proposal, "approvalRound">) {
  return approvals.filter((a) => a.approvalRound === proposal.approvalRound);
}

export type ApprovalsResetReason =
  /** the apply found a record changed under a base: the approved diff no longer holds */
  | "conflict"
  /** an approver changed a value the earlier approvals did not see */
  | "edited"
  /** fields left the set (superseded by a newer proposal) */
  | "set_changed";

/** The audit entry of a reset: who had approved, what (digest), and the round that starts. */
export function approvalsResetEvent(params: {
  proposal: Proposal;
  actor: Actor;
  reason: ApprovalsResetReason;
  voided: ApprovalRow[];
}): AuditEventInput {
  return {
    actor: params.actor,
    action: "proposal.approvals_reset",
    ...aboutProposal(params.proposal),
    data: {
      reason: params.reason,
      round: params.proposal.approvalRound,
      newRound: params.proposal.approvalRound + 1,
      approvers: params.voided.map((a) => a.userId),
      digest: params.voided.at(-1)?.changeDigest ?? null,
    },
  };
}
