import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import { upsertExtraction } from "@/db/queries/extractions";
import { getMessageById, getMessageForUpdate, updateMessage, type Message } from "@/db/queries/messages";
import { getActivePolicy } from "@/db/queries/policies";
import { getContactById } from "@/db/queries/records";
import {
  countRecentAutoApplies,
  getProposalOfMessage,
  insertDecision,
  insertProposal,
  insertProposedChanges,
} from "@/db/queries/proposals";
import { enqueue } from "@/jobs/enqueue";
import { appendAuditEvents, systemActor, type Actor, type AuditEventInput } from "../audit/append";
import { resolveMessageCustomer, type CustomerResolution } from "../customers/resolve";
import { AppError } from "../errors";
import { getIntentDefinition } from "@/contracts/catalog";
import type { Extraction, ExtractionInput, Extractor } from "../extraction/types";
import { routeChange, routeChangeSet } from "../policy/route";
import { buildCandidateChanges, type CandidateChange } from "../proposals/build";
import { supersedeOpenChanges } from "../proposals/supersede";
import { initialProposalStatus } from "../proposals/state-machine";
import { describeValue } from "@/contracts/values";
import { isSettledMessageStatus } from "@/contracts/statuses";
import {
  findPendingRequests,
  readingOf,
  settleWithoutChange,
  unmatchedReason,
  type Reading,
} from "./pending-requests";
import { findAnsweredQuestion } from "./answered-question";

export type PipelineDeps = { db: Db; boss: PgBoss; extractor: Extractor; shadowExtractor?: Extractor };

export type ProcessOutcome =
  | { outcome: "already_processed"; proposalId: string | null }
  | { outcome: "no_change"; reason: string }
  | { outcome: "unmatched"; reason: string }
  | { outcome: "needs_information"; reason: string }
  | { outcome: "proposed"; proposalId: string; route: "auto_apply" | "review" | "decline" };

type ExtractorRun = { extractor: Extractor; output: Extraction; durationMs: number; isPrimary: boolean };

async function runExtractor(
  extractor: Extractor,
  message: Message,
  context: Pick<ExtractionInput, "customer" | "answering">,
  isPrimary: boolean,
): Promise<ExtractorRun> {
  const started = performance.now();
  const output = await extractor.extract({
    text: message.text,
    subject: message.subject ?? undefined,
    channel: message.channel,
    sender: message.sender,
    receivedAt: message.receivedAt,
    author: message.authorKind,
    ...context,
  });
  return { extractor, output, durationMs: performance.now() - started, isPrimary };
}

function summarize(changes: CandidateChange[]): string {
  return changes
    .map((change) => {
      const label = getIntentDefinition(change.intent)?.label ?? change.intent;
      return `${label} (${change.recordLabel}): ${describeValue(change.proposedValue)}`;
    })
    .join("; ");
}

/** What the extractor may know of the verified customer: their country and name on record. */
async function customerContext(db: Db, contactId: string): Promise<NonNullable<ExtractionInput["customer"]>> {
  const contact = await getContactById(db, contactId);
  if (!contact) return {};
  const country = contact.postalAddress?.country ?? contact.shippingAddress?.country;
  return { ...(country ? { country } : {}), ...(contact.name ? { name: contact.name } : {}) };
}

/**
 * One message through resolve → extract → propose → route. Safe to run any number of times:
 * the message row is locked and its state checked in the transaction that writes the result,
 * and a message has at most one change set (unique index).
 */
export async function processMessage(deps: PipelineDeps, messageId: string): Promise<ProcessOutcome> {
  const { db } = deps;
  const message = await getMessageById(db, messageId);
  if (!message) throw new AppError("NOT_FOUND", `Message ${messageId} does not exist`);
  if (isSettledMessageStatus(message.status)) {
    const proposal = await getProposalOfMessage(db, messageId);
    return { outcome: "already_processed", proposalId: proposal?.id ?? null };
  }

  // Extraction runs outside the transaction: an LLM call can take seconds.
  const resolution = await resolveMessageCustomer(db, message);
  const customer = resolution.contactId ? await customerContext(db, resolution.contactId) : {};
  const answered = await findAnsweredQuestion(db, message, resolution.contactId);
  const context = { customer, ...(answered ? { answering: { intents: answered.intents } } : {}) };
  const primary = await runExtractor(deps.extractor, message, context, true);
  const shadow = deps.shadowExtractor
    ? await runExtractor(deps.shadowExtractor, message, context, false).catch(() => undefined)
    : undefined;

  return db.transaction(async (tx) => {
    const locked = await getMessageForUpdate(tx, messageId);
    if (!locked || isSettledMessageStatus(locked.status)) {
      const proposal = await getProposalOfMessage(tx, messageId);
      return { outcome: "already_processed", proposalId: proposal?.id ?? null };
    }
    const extractionId = await recordExtractions(tx, messageId, [primary, ...(shadow ? [shadow] : [])]);
    const extractorActor: Actor = {
      type: "system",
      id: null,
      label: `extractor ${primary.extractor.name}@${primary.extractor.version}`,
    };
    const audit: AuditEventInput[] = [
      {
        actor: extractorActor,
        action: "message.extracted",
        entityType: "message",
        entityId: messageId,
        messageId,
        contactId: resolution.contactId,
        data: {
          extractor: primary.extractor.name,
          extractorVersion: primary.extractor.version,
          intents: primary.output.intents.map((i) => ({ intent: i.intent, confidence: i.confidence })),
          changes: primary.output.changes.length,
          customerResolution: resolution.method,
          ...(answered ? { answers: answered } : {}),
        },
      },
    ];

    const reading = readingOf(primary.output);
    if (!resolution.contactId) {
      // A request (or a flagged message) waits for a person to link it: nobody's record can be
      // chosen before. A message read without doubt as asking for nothing (a stranger's thanks,
      // a newsletter) stays no_change: linking it would change nothing.
      const asksSomething =
        primary.output.changes.length > 0 ||
        (primary.output.flags ?? []).length > 0 ||
        primary.output.intents.some((intent) => intent.intent !== "no_change");
      return finishWithoutChange(tx, message, resolution, audit, {
        status: asksSomething ? "unmatched" : "no_change",
        reason: asksSomething
          ? unmatchedReason(resolution, message.sender)
          : `no change requested (${unmatchedReason(resolution, message.sender)})`,
        reading,
      });
    }
    // a note written on a ticket is about that ticket, unless it names another
    const ticketNumber = message.ticketNumber;
    const extracted = primary.output.changes.map((change) =>
      change.entity === "ticket" && !change.reference && ticketNumber
        ? { ...change, reference: String(ticketNumber) }
        : change,
    );
    const { changes, dropped } = await buildCandidateChanges(tx, resolution.contactId, extracted);
    if (changes.length === 0) {
      const settlement = settleWithoutChange({ output: primary.output, dropped });
      return finishWithoutChange(tx, message, resolution, audit, {
        ...settlement,
        reading: {
          ...reading,
          pendingRequests: settlement.status === "needs_information" ? settlement.requests : null,
        },
        dropped,
      });
    }

    const policy = await getActivePolicy(tx);
    if (!policy)
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        "No active policy: an admin must activate one before messages can be routed",
      );
    const recentAutoApplies = await countRecentAutoApplies(
      tx,
      resolution.contactId,
      new Date(Date.now() - 24 * 3600_000),
    );
    // a message the extractor flagged (an injection attempt, a language it cannot read) casts
    // its doubt on every change in it
    const messageDoubts: string[] = [...(primary.output.flags ?? [])];
    // a person chose the customer, but the sender address is not theirs on record: the change
    // itself still needs a person (only a verified customer sender leads to an automatic change)
    if (resolution.method === "linked_by_person") messageDoubts.push("sender_linked_by_person");
    const routings = changes.map((change) =>
      routeChange(
        { ...change, doubts: [...change.doubts, ...messageDoubts] },
        {
          rules: policy.rules,
          resolutionConfidence: resolution.confidence,
          senderVerification: message.senderVerification,
          recentAutoApplies,
        },
      ),
    );
    const setRouting = routeChangeSet(routings);
    const firstIntent = changes[0]?.intent;
    const slaMinutes =
      (firstIntent && policy.rules.slaMinutes[firstIntent as keyof typeof policy.rules.slaMinutes]) ||
      policy.rules.defaultSlaMinutes;

    const proposal = await insertProposal(tx, {
      kind: "change",
      messageId,
      extractionId,
      contactId: resolution.contactId,
      status: initialProposalStatus(setRouting.route),
      intents: [...new Set(changes.map((c) => c.intent))],
      summary: summarize(changes),
      confidence: Math.min(...changes.map((c) => c.confidence)),
      route: setRouting.route,
      routeRule: setRouting.rule,
      policyVersionId: policy.id,
      policyVersion: policy.version,
      requiredApprovals: setRouting.requiredApprovals,
      slaDueAt: setRouting.route === "review" ? new Date(Date.now() + slaMinutes * 60_000) : null,
      decidedAt: setRouting.route === "review" ? null : new Date(),
    });
    await insertProposedChanges(
      tx,
      changes.map((change, index) => {
        const routing = routings[index] ?? {
          route: "review" as const,
          rule: "unrouted",
          risk: "high" as const,
        };
        return {
          ...change,
          proposalId: proposal.id,
          position: index,
          risk: routing.risk,
          route: routing.route,
          routeRule: routing.rule,
          status:
            routing.route === "decline"
              ? ("rejected" as const)
              : setRouting.route === "auto_apply"
                ? ("approved" as const)
                : ("pending" as const),
        };
      }),
    );
    // only what may still be written supersedes: a declined change (too unsure, or switched off)
    // must not push a person's open proposal for the same field out of the queue
    const live = changes.filter((_, i) => routings[i]?.route !== "decline");
    const superseded = setRouting.route === "decline" ? [] : await supersedeOpenChanges(tx, proposal, live);
    // requests that did not become changes stay on the message, shown with its proposal
    const leftOver = findPendingRequests(primary.output, dropped);
    await updateMessage(tx, messageId, {
      status: "proposed",
      contactId: resolution.contactId,
      resolutionConfidence: resolution.confidence,
      resolutionMethod: resolution.method,
      ...reading,
      pendingRequests: leftOver.length ? leftOver : null,
      error: null,
      processedAt: new Date(),
    });

    const policyActor: Actor = { type: "policy", id: null, label: `policy v${policy.version}` };
    if (setRouting.route !== "review") {
      await insertDecision(tx, {
        proposalId: proposal.id,
        kind: setRouting.route === "auto_apply" ? "auto_apply" : "decline",
        proposalVersion: proposal.version,
        reason: setRouting.rule,
      });
    }
    if (setRouting.route === "auto_apply") {
      await enqueue(deps.boss, tx, "proposal-apply", { proposalId: proposal.id });
    }
    audit.push(
      {
        actor: systemActor,
        action: "proposal.proposed",
        entityType: "proposal",
        entityId: proposal.id,
        proposalId: proposal.id,
        messageId,
        contactId: resolution.contactId,
        data: {
          summary: proposal.summary,
          changes: changes.map((c) => ({
            field: c.field,
            record: c.recordLabel,
            from: c.baseValue,
            to: c.proposedValue,
            confidence: c.confidence,
          })),
          dropped,
          superseded,
        },
      },
      {
        actor: policyActor,
        action: `proposal.routed.${setRouting.route}`,
        entityType: "proposal",
        entityId: proposal.id,
        proposalId: proposal.id,
        messageId,
        contactId: resolution.contactId,
        policyVersion: policy.version,
        data: { route: setRouting.route, rule: setRouting.rule, perChange: routings },
      },
    );
    await appendAuditEvents(tx, audit);
    return { outcome: "proposed", proposalId: proposal.id, route: setRouting.route };
  });
}

async function recordExtractions(tx: Tx, messageId: string, runs: ExtractorRun[]): Promise<string | null> {
  let primaryId: string | null = null;
  for (const run of runs) {
    const id = await upsertExtraction(tx, {
      messageId,
      extractorName: run.extractor.name,
      extractorVersion: run.extractor.version,
      isPrimary: run.isPrimary,
      output: run.output,
      durationMs: run.durationMs,
    });
    if (run.isPrimary) primaryId = id ?? null;
  }
  return primaryId;
}

/**
 * Ends a message without a proposal: `no_change` (it asked for nothing), `unmatched` (no single
 * customer) or `needs_information` (a person must ask the customer, or read a flagged message).
 */
async function finishWithoutChange(
  tx: Tx,
  message: Message,
  resolution: CustomerResolution,
  audit: AuditEventInput[],
  params: {
    status: "no_change" | "unmatched" | "needs_information";
    reason: string;
    reading: Reading;
    dropped?: unknown[];
  },
): Promise<ProcessOutcome> {
  await updateMessage(tx, message.id, {
    status: params.status,
    contactId: resolution.contactId,
    resolutionConfidence: resolution.confidence,
    resolutionMethod: resolution.method,
    ...params.reading,
    error: null,
    processedAt: new Date(),
  });
  audit.push({
    actor: systemActor,
    action: `message.${params.status}`,
    entityType: "message",
    entityId: message.id,
    messageId: message.id,
    contactId: resolution.contactId,
    data: {
      reason: params.reason,
      dropped: params.dropped ?? [],
      ...(params.reading.pendingRequests ? { requests: params.reading.pendingRequests } : {}),
      ...(params.reading.flags ? { flags: params.reading.flags } : {}),
    },
  });
  await appendAuditEvents(tx, audit);
  return { outcome: params.status, reason: params.reason };
}

/**
 * Records a failed processing attempt on the message so it is visible with its error.
 * `final` when the queue will not retry any more: the message then shows as failed, retryable by hand.
 */
export async function recordProcessingFailure(
  db: Db,
  messageId: string,
  error: unknown,
  final: boolean,
): Promise<void> {
  const text =
    error instanceof AppError
      ? error.message
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  await db.transaction(async (tx) => {
    const message = await getMessageForUpdate(tx, messageId);
    if (!message || isSettledMessageStatus(message.status)) return;
    await updateMessage(tx, messageId, {
      status: final ? "failed" : "processing",
      error: text,
      attempts: message.attempts + 1,
    });
    if (final) {
      await appendAuditEvents(tx, [
        {
          actor: systemActor,
          action: "message.failed",
          entityType: "message",
          entityId: messageId,
          messageId,
          data: { error: text, attempts: message.attempts + 1 },
        },
      ]);
    }
  });
}
