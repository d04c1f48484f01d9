import { createHash } from "node:crypto";

/**
 * The bytes the audit chain hashes, shared by the sealer, `npm run audit:verify` and the offline
 * procedure in docs/audit.md. Everything here is plain JSON and SHA-256, so a third party can
 * recompute it from an export without our code.
 */

/** One audit event as the chain sees it: every stored column but the transaction id. */
export type ChainEvent = {
  id: number;
  /** UTC, microseconds: 2026-12-02T18:52:02.123456Z */
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  contactId: string | null;
  proposalId: string | null;
  messageId: string | null;
  policyVersion: number | null;
  data: unknown;
  personal: string | null;
};

/** JSON with object keys sorted at every depth and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** SHA-256 of the event's canonical JSON. */
export function contentHash(event: ChainEvent): string {
  return sha256(canonicalJson(event));
}

/** The link at position `seq`: SHA-256 of "<previous hash>|<seq>|<content hash>" (first: ""). */
export function linkHash(prevHash: string, seq: number, content: string): string {
  return sha256(`${prevHash}|${seq}|${content}`);
}

/** What a checkpoint signs: "changedesk-audit-checkpoint|<lastSeq>|<headHash>|<eventCount>|<createdAt ISO>". */
export function checkpointStatement(checkpoint: {
  lastSeq: number;
  headHash: string;
  eventCount: number;
  createdAt: string;
}): string {
  return `changedesk-audit-checkpoint|${checkpoint.lastSeq}|${checkpoint.headHash}|${checkpoint.eventCount}|${checkpoint.createdAt}`;
}
