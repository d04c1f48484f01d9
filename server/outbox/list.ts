import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { countOutboxByStatus, listOutboxItemsWithProposal } from "@/db/queries/outbox";

export const listOutboxInput = z.object({
  kind: z.enum(["notification", "connector_write"]).optional(),
  status: z.enum(["pending", "sent", "failed", "dead"]).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** The outbox page: notices and external writes, newest first, with the proposal they belong to. */
export async function listOutboxForConsole(db: DbOrTx, input: z.infer<typeof listOutboxInput>) {
  const rows = await listOutboxItemsWithProposal(db, input);
  const counts = await countOutboxByStatus(db);
  return {
    items: rows.map(({ item, proposalSummary, proposalStatus }) => ({
      id: item.id,
      kind: item.kind,
      channel: item.channel,
      recipient: item.recipient,
      store: item.store,
      status: item.status,
      // pending with no next attempt: no transport is configured, the notice waits here
      kept: item.status === "pending" && item.nextAttemptAt === null,
      attempts: item.attempts,
      lastError: item.lastError,
      createdAt: item.createdAt,
      sentAt: item.sentAt,
      nextAttemptAt: item.nextAttemptAt,
      subject: (item.payload as { subject?: string }).subject ?? null,
      body: (item.payload as { body?: string }).body ?? null,
      proposalId: item.proposalId,
      proposalSummary,
      proposalStatus,
    })),
    counts,
  };
}
