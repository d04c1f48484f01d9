import { sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import {
  advanceImapCursor,
  findStoredImapCopy,
  getImapMailbox,
  listStoredEmailSourceIds,
  recordImapPollFailure,
  recordImapPollSuccess,
  resetImapCursor,
  type ImapMailbox,
} from "@/db/queries/imap-mailboxes";
import { processedKeyword } from "@/contracts/mailbox-inputs";
import { appendAuditEvents, type Actor } from "../../audit/append";
import { logger } from "../../observability/logger";
import { imapSourceId, imapSourceIdPrefix, ingestRawEmail } from "../email/ingest-email";
import { bareMessageId } from "../email/parse-email";
import { closeQuietly, createImapClient, imapStep, ImapStepError, signOut } from "./imap-client";

export type PollSettings = {
  /** how long the server may stay silent at any step */
  timeoutMs: number;
  /** messages downloaded per FETCH (fewer when they are large) */
  batchSize: number;
  /** messages one poll handles; the rest are left for the next poll, which is sent at once */
  maxMessages: number;
};

export const defaultPollSettings: PollSettings = { timeoutMs: 30_000, batchSize: 25, maxMessages: 500 };

/** A batch stops growing past this many bytes (RFC822.SIZE), so one poll never holds much mail in memory. */
const batchBytes = 20 * 1024 * 1024;

/**
 * What a poll has durably done, in order: a message stored (or found stored), a batch marked
 * processed on the server, the cursor moved. The crash tests stop a poll exactly there by
 * throwing; in production it is the log's progress line.
 */
export type PollStep =
  | { step: "stored"; uid: number; created: boolean }
  | { step: "marked"; uids: number[] }
  | { step: "advanced"; lastUid: number };

export type PollDeps = {
  db: Db;
  boss: PgBoss;
  settings?: Partial<PollSettings>;
  onStep?: (step: PollStep) => Promise<void> | void;
};

export type PollCounts = {
  /** new messages stored */
  stored: number;
  /** downloaded again but already stored (a poll that stopped before marking them, or the same bytes again) */
  alreadyStored: number;
  /** carried the processed keyword and were found stored: not downloaded */
  skipped: number;
};

export type PollResult =
  | { status: "skipped"; reason: "missing" | "disabled" | "busy" }
  | ({
      status: "polled";
      lastUid: number;
      uidValidity: number;
      /** the server's UIDVALIDITY differed from the one recorded: the mailbox was read from UID 1 again */
      uidValidityChanged: boolean;
      /** more new mail is waiting than one poll handles */
      more: boolean;
    } & PollCounts)
  | { status: "failed"; error: string; consecutiveFailures: number };

/**
 * One poller per mailbox at a time, across every worker and the console's "Poll now": a
 * transaction-scoped advisory lock, held while the poll runs and let go at its end (or when the
 * holder's connection dies). Polls are safe to overlap anyway; the lock saves the double work.
 */
async function withPollLock<T>(db: Db, mailboxId: string, run: () => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`imap-poll:${mailboxId}`}, 0)) as locked`,
    );
    if (!row?.locked) return null;
    return run();
  });
}

/**
 * Reads the mail that arrived since the last poll into messages, then marks it processed on the
 * server, then moves the cursor. Each step is safe to repeat, so a poll stopped between any two
 * (a crash, a dropped connection) loses nothing and stores nothing twice: the next one starts at
 * the cursor, finds what it stored (by source id), marks it and moves on. A failure is recorded on
 * the mailbox for the console, and the poll answers with it instead of throwing.
 */
export async function pollMailbox(deps: PollDeps, params: { mailboxId: string }): Promise<PollResult> {
  const settings = { ...defaultPollSettings, ...deps.settings };
  const result = await withPollLock(deps.db, params.mailboxId, async (): Promise<PollResult> => {
    const mailbox = await getImapMailbox(deps.db, params.mailboxId);
    if (!mailbox) return { status: "skipped", reason: "missing" };
    if (!mailbox.enabled) return { status: "skipped", reason: "disabled" };
    const log = logger.child({ mailboxId: mailbox.id, mailbox: mailbox.name });
    try {
      const polled = await readNewMail(deps, mailbox, settings);
      await recordImapPollSuccess(deps.db, { id: mailbox.id, at: new Date(), stored: polled.stored });
      if (polled.stored > 0 || polled.uidValidityChanged) log.info(polled, "imap mailbox polled");
      return { status: "polled", ...polled };
    } catch (error) {
      const message =
        error instanceof ImapStepError
          ? error.message
          : "The poll failed on Changedesk's side (the error is logged); the next poll tries again.";
      log.warn({ err: error }, "imap poll failed");
      const row = await recordImapPollFailure(deps.db, { id: mailbox.id, at: new Date(), error: message });
      return { status: "failed", error: message, consecutiveFailures: row?.consecutiveFailures ?? 1 };
    }
  });
  return result ?? { status: "skipped", reason: "busy" };
}

function imapActor(mailbox: ImapMailbox): Actor {
  return { type: "system", id: null, label: `IMAP mailbox ${mailbox.name}` };
}

/**
 * A new UIDVALIDITY means the server renumbered the folder (it was recreated or rebuilt): our UIDs
 * name nothing any more, so the cursor starts over at UID 1 under the new value. New source ids
 * carry the new UIDVALIDITY, so a new email that reuses an old UID is never taken for the old one;
 * an email read before is recognised by its processed keyword, or by its identical bytes.
 */
async function restartCursor(db: Db, mailbox: ImapMailbox, uidValidity: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const reset = await resetImapCursor(tx, { id: mailbox.id, expected: mailbox.uidValidity, uidValidity });
    if (!reset) throw new Error("the mailbox's UIDVALIDITY changed in our table during the poll");
    if (mailbox.uidValidity === null) return false;
    await appendAuditEvents(tx, [
      {
        actor: imapActor(mailbox),
        action: "mailbox.uid_validity_changed",
        entityType: "mailbox",
        entityId: mailbox.id,
        data: { name: mailbox.name, from: mailbox.uidValidity, to: uidValidity, lastUid: mailbox.lastUid },
      },
    ]);
    return true;
  });
}

type Listed = { uid: number; size: number; flagged: boolean };

function hasProcessedKeyword(flags: Set<string> | undefined): boolean {
  const keyword = processedKeyword.toLowerCase();
  return [...(flags ?? [])].some((flag) => flag.toLowerCase() === keyword);
}

/** Consecutive runs of UIDs, by count and by size. */
function batchesOf(listed: Listed[], settings: PollSettings): Listed[][] {
  const batches: Listed[][] = [];
  let current: Listed[] = [];
  let bytes = 0;
  for (const message of listed) {
    if (current.length >= settings.batchSize || (current.length > 0 && bytes + message.size > batchBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function readNewMail(
  deps: PollDeps,
  mailbox: ImapMailbox,
  settings: PollSettings,
): Promise<Omit<Extract<PollResult, { status: "polled" }>, "status">> {
  const context = { endpoint: mailbox, folder: mailbox.mailbox, timeoutMs: settings.timeoutMs };
  const client = createImapClient(mailbox, { timeoutMs: settings.timeoutMs });
  try {
    await imapStep("connect", context, () => client.connect());
    const opened = await imapStep("open", context, () => client.mailboxOpen(mailbox.mailbox));
    const uidValidity = Number(opened.uidValidity);
    let cursor = mailbox.lastUid;
    let uidValidityChanged = false;
    if (mailbox.uidValidity !== uidValidity) {
      uidValidityChanged = await restartCursor(deps.db, mailbox, uidValidity);
      cursor = 0;
    }

    // `n:*` always includes the highest UID, even below n: only UIDs past the cursor are new
    const found =
      opened.exists === 0
        ? []
        : await imapStep("list", context, () => client.search({ uid: `${cursor + 1}:*` }, { uid: true }));
    const pending = (found || []).filter((uid) => uid > cursor).sort((a, b) => a - b);
    const todo = pending.slice(0, settings.maxMessages);
    const listed = await listFlagsAndSizes(client, context, todo);

    const counts: PollCounts = { stored: 0, alreadyStored: 0, skipped: 0 };
    let lastUid = cursor;
    let complete = true;
    for (const batch of batchesOf(listed, settings)) {
      const outcome = await handleBatch(deps, { client, mailbox, uidValidity, context, batch, counts });
      if (outcome.lastUid !== null) lastUid = outcome.lastUid;
      if (!outcome.complete) {
        complete = false;
        break;
      }
    }
    await signOut(client);
    return {
      ...counts,
      lastUid,
      uidValidity,
      uidValidityChanged,
      more: complete && pending.length > todo.length,
    };
  } finally {
    closeQuietly(client);
  }
}

/** Every listed UID, with its flags and size when the server told them (a UID it did not is read like any other). */
async function listFlagsAndSizes(
  client: ImapFlow,
  context: Parameters<typeof imapStep>[1],
  uids: number[],
): Promise<Listed[]> {
  const first = uids[0];
  const last = uids.at(-1);
  if (first === undefined || last === undefined) return [];
  const fetched = await imapStep("list", context, () =>
    client.fetchAll(`${first}:${last}`, { uid: true, flags: true, size: true }, { uid: true }),
  );
  const byUid = new Map(fetched.map((message) => [message.uid, message]));
  return uids.map((uid) => {
    const message = byUid.get(uid);
    return { uid, size: message?.size ?? 0, flagged: hasProcessedKeyword(message?.flags) };
  });
}

async function handleBatch(
  deps: PollDeps,
  params: {
    client: ImapFlow;
    mailbox: ImapMailbox;
    uidValidity: number;
    context: Parameters<typeof imapStep>[1];
    batch: Listed[];
    counts: PollCounts;
  },
): Promise<{ lastUid: number | null; complete: boolean }> {
  const { client, mailbox, uidValidity, context, batch, counts } = params;
  const sourceIdOf = (uid: number) => imapSourceId(mailbox.id, uidValidity, uid);

  // The keyword only saves the download: a flagged message is skipped once we hold it under this
  // source id. Anything else (another program set the keyword, our database was restored from an
  // older backup) is read like new mail.
  const flagged = batch.filter((message) => message.flagged);
  const held = await listStoredEmailSourceIds(
    deps.db,
    flagged.map((message) => sourceIdOf(message.uid)),
  );
  const skipped = new Set(flagged.filter((m) => held.has(sourceIdOf(m.uid))).map((m) => m.uid));
  const toRead = batch.filter((message) => !skipped.has(message.uid)).map((message) => message.uid);
  counts.skipped += skipped.size;

  const fetched =
    toRead.length === 0
      ? []
      : await imapStep("fetch", context, () =>
          client.fetchAll(toRead, { uid: true, source: true, envelope: true }, { uid: true }),
        );
  const byUid = new Map(fetched.map((message) => [message.uid, message]));
  const stored: number[] = [];
  let complete = true;
  for (const uid of toRead) {
    const message = byUid.get(uid);
    // not sent back: expunged since it was listed (or the server is behind); stop here and let
    // the next poll list the folder again, rather than move the cursor past a message unread
    if (!message) {
      complete = false;
      break;
    }
    if (!message.source)
      throw new ImapStepError(
        "fetch",
        `Could not download messages: the server sent UID ${uid} without its content.`,
        {
          cause: null,
        },
      );
    const created = await storeMessage(deps, {
      mailbox,
      uidValidity,
      uid,
      raw: message.source,
      messageId: message.envelope?.messageId,
    });
    if (created) counts.stored++;
    else counts.alreadyStored++;
    stored.push(uid);
    await deps.onStep?.({ step: "stored", uid, created });
  }

  await markProcessed(params, { stored, alreadyProcessed: [...skipped] });
  if (stored.length + skipped.size > 0)
    await deps.onStep?.({ step: "marked", uids: [...stored, ...skipped] });

  // the cursor covers a UID only once it and every UID before it in the batch is handled
  const handled = new Set([...stored, ...skipped]);
  let lastUid: number | null = null;
  for (const message of batch) {
    if (!handled.has(message.uid)) break;
    lastUid = message.uid;
  }
  if (lastUid !== null) {
    await advanceImapCursor(deps.db, { id: mailbox.id, uidValidity, lastUid });
    await deps.onStep?.({ step: "advanced", lastUid });
  }
  return { lastUid, complete: complete && lastUid === batch.at(-1)?.uid };
}

/**
 * Stores one email (idempotent per source id). The same bytes already stored from this mailbox
 * under another UID (the folder was renumbered and lost its flags, the server delivered it twice)
 * are that message, not a new one.
 */
async function storeMessage(
  deps: PollDeps,
  params: {
    mailbox: ImapMailbox;
    uidValidity: number;
    uid: number;
    raw: Buffer;
    messageId: string | undefined;
  },
): Promise<boolean> {
  const { mailbox, raw } = params;
  const messageIdHeader = params.messageId ? bareMessageId(params.messageId) : "";
  if (messageIdHeader) {
    const copy = await findStoredImapCopy(deps.db, {
      sourceIdPrefix: imapSourceIdPrefix(mailbox.id),
      messageIdHeader,
      raw,
    });
    if (copy) return false;
  }
  const { created } = await ingestRawEmail(
    { db: deps.db, boss: deps.boss },
    {
      raw,
      arrival: {
        kind: "imap",
        mailbox: { id: mailbox.id, name: mailbox.name, trusted: mailbox.trusted },
        uidValidity: params.uidValidity,
        uid: params.uid,
      },
    },
  );
  return created;
}

/**
 * Flags what was stored `\Seen` and with the processed keyword; for a moving mailbox, then moves
 * it (and anything flagged earlier that a stopped poll had not moved yet) to the processed folder,
 * created first when missing. The keyword travels with a moved message, so one moved back is
 * recognised.
 */
async function markProcessed(
  params: { client: ImapFlow; mailbox: ImapMailbox; context: Parameters<typeof imapStep>[1] },
  uids: { stored: number[]; alreadyProcessed: number[] },
): Promise<void> {
  const { client, mailbox, context } = params;
  if (uids.stored.length > 0)
    await imapStep("flag", context, () =>
      client.messageFlagsAdd(uids.stored, ["\\Seen", processedKeyword], { uid: true }),
    );
  const folder = mailbox.processedMailbox;
  if (mailbox.processedAction !== "move" || !folder) return;
  const toMove = [...uids.stored, ...uids.alreadyProcessed];
  if (toMove.length === 0) return;
  await imapStep("create", { ...context, folder }, () => client.mailboxCreate(folder));
  await imapStep("move", { ...context, folder }, () => client.messageMove(toMove, folder, { uid: true }));
}
