import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { listQueueItemIds } from "@/db/queries/queue";
import { listProposalSummaries } from "@/db/queries/review";
import type { Actor } from "../audit/append";
import { AppError, isAppError } from "../errors";
import { logger } from "../observability/logger";
import { approveProposal, rejectProposal } from "./decide";
import { queueFilterSchema } from "@/contracts/queue-filters";

type UserActor = Extract<Actor, { type: "user" }>;

/** One bulk action decides at most this many items; a bigger filter has to be narrowed first. */
export const bulkLimit = 500;

const itemSchema = z.object({ proposalId: z.string().uuid(), expectedVersion: z.number().int().positive() });

export const bulkDecideInput = z
  .object({
    action: z.enum(["approve", "reject"]),
    reason: z.string().trim().max(2000).optional(),
    target: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("selection"), items: z.array(itemSchema).min(1).max(bulkLimit) }),
      /** every item matching the filter; `expectedCount` is the count the person confirmed */
      z.object({
        kind: z.literal("filter"),
        filter: queueFilterSchema,
        expectedCount: z.number().int().min(1).max(bulkLimit),
      }),
    ]),
  })
  .refine((input) => input.action === "approve" || (input.reason ?? "").length >= 3, {
    message: "Say briefly why these are rejected",
    path: ["reason"],
  });

export type BulkOutcome =
  | "applied"
  | "approval_recorded"
  | "rejected"
  | "conflict"
  | "already_decided"
  | "claimed"
  | "changed"
  | "failed";
export type BulkItemResult = { proposalId: string; summary: string; outcome: BulkOutcome; message: string };

function describeFailure(error: unknown, proposalId: string): { outcome: BulkOutcome; message: string } {
  if (!isAppError(error)) {
    logger.error({ err: error, proposalId }, "bulk decision failed");
    return { outcome: "failed", message: "Something went wrong on our side; it has been logged." };
  }
  if (error.kind === "already_decided") return { outcome: "already_decided", message: error.message };
  if (error.kind === "claimed_by_other") return { outcome: "claimed", message: error.message };
  if (error.code === "CONFLICT") return { outcome: "changed", message: error.message };
  return { outcome: "failed", message: error.message };
}

/**
 * Approves or rejects many items: one transaction, one decision and one set of audit entries per
 * item, each a compare-and-set on the version the person saw (or, for "all matching", the version
 * read now). Items decided meanwhile, claimed by someone else or in conflict are listed, not hidden.
 */
export async function bulkDecide(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof bulkDecideInput> & { actor: UserActor; now?: Date },
): Promise<{ bulkId: string; results: BulkItemResult[] }> {
  const { db } = deps;
  let items: z.infer<typeof itemSchema>[];
  if (params.target.kind === "selection") {
    items = params.target.items;
  } else {
    const matching = await listQueueItemIds(db, {
      filter: params.target.filter,
      limit: bulkLimit + 1,
      userId: params.actor.id,
      now: params.now ?? new Date(),
    });
    if (matching.length !== params.target.expectedCount) {
      throw new AppError(
        "CONFLICT",
        matching.length > bulkLimit
          ? `The filter now matches more than ${bulkLimit} items; narrow it first.`
          : `The filter now matches ${matching.length} items, not the ${params.target.expectedCount} you confirmed. Nothing was decided; confirm again.`,
        { count: matching.length },
      );
    }
    items = matching.map((m) => ({ proposalId: m.id, expectedVersion: m.version }));
  }

  const bulkId = randomUUID();
  const summaries = new Map(
    (
      await listProposalSummaries(
        db,
        items.map((i) => i.proposalId),
      )
    ).map((s) => [s.id, s.summary]),
  );
  const results: BulkItemResult[] = [];
  for (const item of items) {
    const summary = summaries.get(item.proposalId) ?? "Unknown proposal";
    try {
      if (params.action === "approve") {
        const result = await approveProposal(deps, { ...item, edits: [], actor: params.actor, bulkId });
        if (result.status === "applied")
          results.push({
            proposalId: item.proposalId,
            summary,
            outcome: "applied",
            message: `Applied ${result.applied} change(s)`,
          });
        else if (result.status === "conflict")
          results.push({
            proposalId: item.proposalId,
            summary,
            outcome: "conflict",
            message: "The record changed: back in review with a fresh diff",
          });
        else if (result.status === "awaiting_second_approval")
          results.push({
            proposalId: item.proposalId,
            summary,
            outcome: "approval_recorded",
            message: "Approval recorded; a second person must approve",
          });
        else
          results.push({
            proposalId: item.proposalId,
            summary,
            outcome: "failed",
            message: `Nothing applied (${result.status.replace("_", " ")})`,
          });
      } else {
        await rejectProposal(db, { ...item, reason: params.reason ?? "", actor: params.actor, bulkId });
        results.push({ proposalId: item.proposalId, summary, outcome: "rejected", message: "Rejected" });
      }
    } catch (error) {
      results.push({ proposalId: item.proposalId, summary, ...describeFailure(error, item.proposalId) });
    }
  }
  return { bulkId, results };
}
