import type { PgBoss } from "pg-boss";
import type { Tx } from "@/db/client";
import { hasStandingAppliedChange } from "@/db/queries/applied-changes";
import { decidedProposalStatuses } from "@/contracts/statuses";
import { listChangesOfProposal, getProposalById, updateProposal } from "@/db/queries/proposals";
import { aboutProposal, appendAuditEvents, type Actor } from "../audit/append";
import { transitionProposal } from "../proposals/state-machine";
import { queueCustomerNotice } from "./notify";

/** Change statuses that still wait for something: a decision, or an answer from an external system. */
const unfinishedChangeStatuses = new Set(["approved", "sending", "failed", "conflict"]);

/**
 * Moves a proposal to `applied` once none of its approved changes is still on its way, links a
 * rollback to what it undid, and queues the customer notice. Called by the apply transaction and
 * by the transaction that records an external write. Returns whether the proposal is now applied.
 */
export async function finishProposalIfComplete(
  deps: { db: Tx; boss?: PgBoss },
  params: { proposalId: string; actor: Actor },
): Promise<boolean> {
  const tx = deps.db;
  const proposal = await getProposalById(tx, params.proposalId);
  if (!proposal) return false;
  if (proposal.status === "applied") return true;
  const changes = await listChangesOfProposal(tx, proposal.id);
  if (changes.some((c) => unfinishedChangeStatuses.has(c.status))) return false;
  const applied = changes.filter((c) => c.status === "applied").length;
  // the callers hold the proposal's row lock, so this version is the one the move checks
  const moved = await transitionProposal(tx, {
    proposalId: proposal.id,
    expectedVersion: proposal.version,
    from: decidedProposalStatuses,
    to: "applied",
    set: { appliedAt: new Date() },
  });
  if (!moved) return false;
  if (proposal.kind === "rollback" && proposal.rollsBackProposalId) {
    // the original counts as rolled back once none of its written changes stands any more
    if (!(await hasStandingAppliedChange(tx, proposal.rollsBackProposalId)))
      await updateProposal(tx, proposal.rollsBackProposalId, { rolledBackByProposalId: proposal.id });
  }
  if (applied > 0) await queueCustomerNotice(deps, { proposal: moved });
  await appendAuditEvents(tx, [
    {
      actor: params.actor,
      action: "proposal.applied",
      ...aboutProposal(proposal),
      data: {
        applied,
        unchanged: changes.filter((c) => c.status === "no_op").length,
        skipped: changes.filter((c) => c.status === "skipped").length,
        rollsBackProposalId: proposal.rollsBackProposalId,
      },
    },
  ]);
  return true;
}
