import { z } from "zod";
import type { Db } from "@/db/client";
import { openProposalStatuses } from "@/contracts/statuses";
import { getProposalById, getProposalForUpdate, type Proposal } from "@/db/queries/proposals";
import { acquireClaim, releaseClaim } from "@/db/queries/review";
import { getUserById } from "@/db/queries/users";
import { aboutProposal, appendAuditEvents, type Actor } from "../audit/append";
import { can } from "@/contracts/permissions";
import { AppError, conflictError } from "../errors";
import { transitionProposal } from "../proposals/state-machine";

type UserActor = Extract<Actor, { type: "user" }>;

/** How long opening an item keeps it for you; the page renews it while it stays open. */
export const claimMinutes = 5;

export const claimInput = z.object({ proposalId: z.string().uuid() });
export const reassignInput = z.object({
  proposalId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  /** null: back to the shared queue */
  assigneeId: z.string().uuid().nullable(),
});

export type ClaimResult =
  | { status: "claimed"; expiresAt: Date }
  | { status: "held_by_other"; holderName: string; expiresAt: Date | null }
  | { status: "closed" };

function auditBase(proposal: Proposal, actor: Actor) {
  return {
    actor,
    ...aboutProposal(proposal),
  };
}

/**
 * Claims (or renews the claim on) an open item. Taking over a claim is audited; renewing your
 * own is not, so an open page does not fill the trail.
 */
export async function claimProposal(
  db: Db,
  params: { proposalId: string; actor: UserActor; now?: Date },
): Promise<ClaimResult> {
  const now = params.now ?? new Date();
  const expiresAt = new Date(now.getTime() + claimMinutes * 60_000);
  return db.transaction(async (tx) => {
    const before = await getProposalForUpdate(tx, params.proposalId);
    if (!before) throw new AppError("NOT_FOUND", "This proposal does not exist");
    const claimed = await acquireClaim(tx, {
      proposalId: before.id,
      userId: params.actor.id,
      now,
      expiresAt,
    });
    if (!claimed) {
      const current = await getProposalById(tx, before.id);
      if (!current?.claimedBy) return { status: "closed" };
      const holder = await getUserById(tx, current.claimedBy);
      return {
        status: "held_by_other",
        holderName: holder?.name ?? "someone else",
        expiresAt: current.claimExpiresAt,
      };
    }
    const renewal =
      before.claimedBy === params.actor.id && before.claimExpiresAt !== null && before.claimExpiresAt > now;
    if (!renewal) {
      await appendAuditEvents(tx, [
        {
          ...auditBase(before, params.actor),
          action: "proposal.claimed",
          data: {
            expiresAt: expiresAt.toISOString(),
            tookOverFrom: before.claimedBy !== params.actor.id ? before.claimedBy : null,
          },
        },
      ]);
    }
    return { status: "claimed", expiresAt };
  });
}

/** Lets go of your own claim (leaving the page, or after deciding). */
export async function releaseProposalClaim(
  db: Db,
  params: { proposalId: string; actor: UserActor },
): Promise<{ released: boolean }> {
  return db.transaction(async (tx) => {
    const proposal = await getProposalForUpdate(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    const released = await releaseClaim(tx, { proposalId: proposal.id, userId: params.actor.id });
    if (released)
      await appendAuditEvents(tx, [
        { ...auditBase(proposal, params.actor), action: "proposal.released", data: {} },
      ]);
    return { released: Boolean(released) };
  });
}

/**
 * A lead gives an item to someone (or back to the queue). The standing assignment replaces any
 * claim, and it is a compare-and-set on the version like every transition.
 */
export async function reassignProposal(
  db: Db,
  params: z.infer<typeof reassignInput> & { actor: UserActor },
): Promise<Proposal> {
  return db.transaction(async (tx) => {
    const current = await getProposalById(tx, params.proposalId);
    if (!current) throw new AppError("NOT_FOUND", "This proposal does not exist");
    let assigneeName: string | null = null;
    if (params.assigneeId) {
      const assignee = await getUserById(tx, params.assigneeId);
      if (!assignee || assignee.disabledAt)
        throw new AppError("BAD_REQUEST", "That person does not exist or is disabled");
      if (!can(assignee.role, "proposal.decide"))
        throw new AppError("BAD_REQUEST", `${assignee.name} cannot decide proposals (${assignee.role})`);
      assigneeName = assignee.name;
    }
    // an assignment is not a move: the status stays, the version bumps
    const moved = await transitionProposal(tx, {
      proposalId: current.id,
      expectedVersion: params.expectedVersion,
      from: openProposalStatuses,
      set: {
        assignedTo: params.assigneeId,
        claimedBy: params.assigneeId,
        claimExpiresAt: params.assigneeId ? new Date(Date.now() + claimMinutes * 60_000) : null,
      },
    });
    if (!moved) {
      throw conflictError(
        "stale_version",
        "This proposal changed or was decided since you loaded it; reload and try again.",
        {
          status: current.status,
          version: current.version,
        },
      );
    }
    await appendAuditEvents(tx, [
      {
        ...auditBase(current, params.actor),
        action: "proposal.assigned",
        data: {
          from: current.assignedTo,
          to: params.assigneeId,
          assigneeName,
          previousClaim: current.claimedBy,
        },
      },
    ]);
    return moved;
  });
}
