import type { PgBoss } from "pg-boss";
import type { Db, DbOrTx } from "@/db/client";
import { getImapMailbox, listEnabledImapMailboxes, type ImapMailbox } from "@/db/queries/imap-mailboxes";
import { enqueue, enqueueOrReschedule } from "@/jobs/enqueue";
import { pollMailbox, type PollDeps, type PollResult } from "./poll-mailbox";

/** Failures back off to at most this (or the poll interval, when that is longer). */
export const maxBackoffSeconds = 15 * 60;

/** A poll sent a moment early (clocks, pg-boss's start-after rounding) still counts as due. */
const dueSlackMs = 1000;

/** Seconds from one poll to the next: the interval, doubled for each failure in a row, capped. */
export function pollDelaySeconds(intervalSeconds: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return intervalSeconds;
  const backedOff = intervalSeconds * 2 ** Math.min(consecutiveFailures, 20);
  return Math.max(intervalSeconds, Math.min(backedOff, maxBackoffSeconds));
}

/**
 * When the mailbox should be polled next. A mailbox never polled, or changed by an admin since
 * its last poll (a fixed password, say), is due at once whatever its failures.
 */
export function nextPollAt(
  mailbox: Pick<ImapMailbox, "lastPolledAt" | "updatedAt" | "consecutiveFailures">,
  intervalSeconds: number,
): Date {
  const last = mailbox.lastPolledAt;
  if (!last || mailbox.updatedAt > last) return mailbox.updatedAt;
  return new Date(last.getTime() + pollDelaySeconds(intervalSeconds, mailbox.consecutiveFailures) * 1000);
}

function secondsUntil(at: Date, now: Date): number {
  return Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000));
}

/**
 * Queues the mailbox's next poll. The queue keeps one waiting poll per mailbox (policy `stately`,
 * keyed by mailbox): when one already waits, this is a no-op and that one runs.
 */
export async function schedulePoll(boss: PgBoss, db: DbOrTx, mailboxId: string, at: Date, now = new Date()) {
  await enqueue(
    boss,
    db,
    "imap-poll",
    { mailboxId },
    { singletonKey: mailboxId, startAfter: secondsUntil(at, now) },
  );
}

/**
 * Moves the mailbox's waiting poll to `at` (or queues one): after an admin's change or a poll from
 * the console, the next poll is when it is due now, not when it was due before.
 */
export async function reschedulePoll(
  boss: PgBoss,
  db: DbOrTx,
  mailboxId: string,
  at: Date,
  now = new Date(),
) {
  await enqueueOrReschedule(
    boss,
    db,
    "imap-poll",
    { mailboxId },
    { singletonKey: mailboxId, startAfter: secondsUntil(at, now) },
  );
}

/**
 * The `imap-schedule` job, every minute: every enabled mailbox has a poll queued. Each poll queues
 * the next itself; this puts back a chain that broke (a worker killed between the two, a poll
 * dead-lettered) and starts mailboxes enabled while no worker ran.
 */
export async function scheduleMailboxPolls(
  deps: { db: Db; boss: PgBoss },
  options: { intervalSeconds: number },
): Promise<{ mailboxes: number }> {
  const now = new Date();
  const mailboxes = await listEnabledImapMailboxes(deps.db);
  for (const mailbox of mailboxes)
    await schedulePoll(deps.boss, deps.db, mailbox.id, nextPollAt(mailbox, options.intervalSeconds), now);
  return { mailboxes: mailboxes.length };
}

export type ScheduledPollResult =
  PollResult | { status: "not_due"; next: Date } | (PollResult & { next: Date });

/**
 * The `imap-poll` job: polls the mailbox if it is due (the queue may hold a poll sent before the
 * last one ran), then queues the next one: after the interval, later while it keeps failing, at
 * once while more mail waits. A disabled or removed mailbox ends its chain.
 */
export async function runScheduledPoll(
  deps: PollDeps,
  params: { mailboxId: string; intervalSeconds: number },
): Promise<ScheduledPollResult> {
  const mailbox = await getImapMailbox(deps.db, params.mailboxId);
  if (!mailbox) return { status: "skipped", reason: "missing" };
  if (!mailbox.enabled) return { status: "skipped", reason: "disabled" };
  const due = nextPollAt(mailbox, params.intervalSeconds);
  if (due.getTime() > Date.now() + dueSlackMs) {
    await schedulePoll(deps.boss, deps.db, mailbox.id, due);
    return { status: "not_due", next: due };
  }
  const result = await pollMailbox(deps, { mailboxId: mailbox.id });
  // the poll that holds the mailbox queues the next one when it ends
  if (result.status === "skipped") return result;
  const after = await getImapMailbox(deps.db, mailbox.id);
  if (!after?.enabled) return result;
  const next =
    result.status === "polled" && result.more ? new Date() : nextPollAt(after, params.intervalSeconds);
  await schedulePoll(deps.boss, deps.db, mailbox.id, next);
  return { ...result, next };
}
