/**
 * The one owner of a proposal's status. The status lists ("open", "decided", "final") are
 * contracts (contracts/statuses.ts); this module says which moves between them are allowed and
 * makes every move through one compare-and-set, so two deciders, a worker and the pipeline can
 * never both win, and no status write skips the table. scripts/check-architecture.ts fails the
 * build when a status is written anywhere else.
 */
import type { ProposalStatus, Route } from "@/contracts/statuses";
import type { DbOrTx } from "@/db/client";
import { compareAndSetProposal, type Proposal, type ProposalPatch } from "@/db/queries/proposals";
import { releasedClaim } from "@/db/queries/review";
import { AppError } from "../errors";

/**
 * from → the statuses it may move to. A proposal is inserted `pending_review`, `approved` or
 * `declined` (initialProposalStatus; a rollback is inserted `approved`) and moves only along these.
 */
export const proposalTransitions = {
  pending_review: ["approved", "rejected", "escalated", "superseded"],
  escalated: ["approved", "rejected", "superseded"],
  // an apply that found the record changed: decided again like a fresh item
  conflict: ["approved", "rejected", "escalated", "superseded"],
  approved: ["applied", "partially_applied", "conflict", "no_op"],
  // some external writes are still on their way; the last one to land finishes it
  partially_applied: ["applied"],
  applied: [],
  rejected: [],
  declined: [],
  superseded: [],
  no_op: [],
} as const satisfies Record<ProposalStatus, readonly ProposalStatus[]>;

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  const allowed: readonly ProposalStatus[] = proposalTransitions[from];
  return allowed.includes(to);
}

/** The status a proposal is created in, from the policy's route for its change set. */
export function initialProposalStatus(route: Route): ProposalStatus {
  if (route === "auto_apply") return "approved";
  if (route === "review") return "pending_review";
  return "declined";
}

/**
 * Moves that void the approvals given so far: a conflict means the record changed under the diff
 * people approved, so the set is approved again from nothing (server/proposals/approvals.ts).
 */
const approvalResettingStatuses: readonly ProposalStatus[] = ["conflict"];

export type TransitionParams = {
  proposalId: string;
  /**
   * The version the caller read: the decider's page, or the row the caller holds locked (apply,
   * finish, supersede). Every move is a compare-and-set on (id, status, version), so a move
   * computed from a row that has changed since never lands.
   */
  expectedVersion: number;
  /** the statuses the proposal may be in now; every one must be allowed to move to `to` */
  from: readonly ProposalStatus[];
  /**
   * The new status. Omitted: a step that is not a move (the first of two approvals, one field
   * decided, an assignment): the status stays, and the version still bumps so stale pages lose.
   */
  to?: ProposalStatus;
  /** other columns written with the move (who decided, when, conflict details) */
  set?: ProposalPatch;
  /**
   * Starts a new approval round: the approvals given so far stop counting (an edit, or fields
   * leaving the set). A move to `conflict` always starts one.
   */
  startApprovalRound?: boolean;
};

/**
 * Moves a proposal by compare-and-set: only if it is in one of `from` and at `expectedVersion`.
 * Bumps the version. A move to a new status also ends any claim: a decided, escalated or
 * superseded item is no longer anyone's to work on. Returns the updated row, or undefined when
 * someone else got there first (the caller explains the lost race).
 */
export async function transitionProposal(
  db: DbOrTx,
  params: TransitionParams,
): Promise<Proposal | undefined> {
  const { to } = params;
  if (to !== undefined) {
    const refused = params.from.filter((from) => !canTransition(from, to));
    if (refused.length > 0)
      throw new AppError("INTERNAL_SERVER_ERROR", "This proposal cannot move to that status", {
        from: refused,
        to,
      });
  }
  return compareAndSetProposal(db, {
    id: params.proposalId,
    expectedVersion: params.expectedVersion,
    fromStatuses: params.from,
    set: to === undefined ? { ...params.set } : { ...params.set, ...releasedClaim, status: to },
    startApprovalRound:
      params.startApprovalRound === true || (to !== undefined && approvalResettingStatuses.includes(to)),
  });
}
