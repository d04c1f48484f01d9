import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { insertMessageIfNew } from "@/db/queries/messages";
import { insertProposal, insertProposedChanges } from "@/db/queries/proposals";
import { getConnector } from "../connectors/builtin";
import { getFieldDefinition } from "@/contracts/catalog";

/**
 * Test builder for the apply engine: an approved change set over any catalog fields and records,
 * computed against the records as they are now (as the pipeline would), optionally answering a
 * message so that notices are queued.
 */
export async function createApprovedChangeSet(
  db: DbOrTx,
  params: {
    contactId: string;
    changes: { field: string; recordId: string; value: unknown; intent?: string }[];
    message?: { channel?: "email" | "chat"; sender: string; subject?: string };
  },
) {
  const message = params.message
    ? await insertMessageIfNew(db, {
        channel: params.message.channel ?? "email",
        sourceId: `test-${randomUUID()}`,
        sender: params.message.sender,
        subject: params.message.subject ?? null,
        text: "please update my details",
        raw: {},
        status: "proposed",
        contactId: params.contactId,
      })
    : undefined;
  const proposal = await insertProposal(db, {
    kind: "change",
    messageId: message?.id ?? null,
    contactId: params.contactId,
    status: "approved",
    intents: [...new Set(params.changes.map((c) => c.intent ?? "update_name"))],
    summary: "test change set",
    confidence: 0.99,
    route: "auto_apply",
    routeRule: "test",
    decidedAt: new Date(),
  });
  const rows = [];
  for (const [position, change] of params.changes.entries()) {
    const field = getFieldDefinition(change.field);
    if (!field) throw new Error(`unknown field ${change.field}`);
    const record = await getConnector(field.store).readRecord(db, field.entity, change.recordId);
    if (!record) throw new Error(`no record ${change.recordId}`);
    rows.push({
      proposalId: proposal.id,
      position,
      intent: change.intent ?? "update_name",
      store: field.store,
      entity: field.entity,
      recordId: record.id,
      recordLabel: record.label,
      field: field.key,
      baseValue: record.values[field.field] ?? null,
      baseVersion: record.version,
      proposedValue: change.value,
      confidence: 0.99,
      risk: field.risk,
      route: "auto_apply" as const,
      routeRule: "test",
      status: "approved" as const,
    });
  }
  const changes = await insertProposedChanges(db, rows);
  return { proposal, changes, message };
}
