import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import {
  countStoredImapMessages,
  getImapMailbox,
  getImapMailboxForUpdate,
  insertImapMailbox,
  listImapMailboxes,
  updateImapMailboxSettings,
  type ImapMailbox,
} from "@/db/queries/imap-mailboxes";
import {
  sameFolder,
  type ProcessedAction,
  type SaveMailboxInput,
  type TestMailboxInput,
} from "@/contracts/mailbox-inputs";
import { appendAuditEvents, type Actor } from "../../audit/append";
import { AppError } from "../../errors";
import { env } from "../../env";
import { closeQuietly, createImapClient, imapStep, ImapStepError, signOut } from "./imap-client";
import { pollMailbox, type PollResult } from "./poll-mailbox";
import { nextPollAt, reschedulePoll } from "./schedule";

type UserActor = Extract<Actor, { type: "user" }>;

/** How a mailbox's polling goes, in one word for the console's badge. */
export type PollState = "waiting" | "ok" | "failing" | "disabled";

/** What the console may see of a mailbox: everything but the password, which is only said to be set. */
export type MailboxView = {
  id: string;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  hasPassword: boolean;
  mailbox: string;
  processedAction: ProcessedAction;
  processedMailbox: string | null;
  trusted: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  poll: {
    state: PollState;
    lastPolledAt: Date | null;
    lastSucceededAt: Date | null;
    lastPollStored: number;
    lastError: string | null;
    consecutiveFailures: number;
    uidValidity: number | null;
    lastUid: number;
    /** null while disabled */
    nextPollAt: Date | null;
  };
};

export function pollIntervalSeconds(): number {
  return env.IMAP_POLL_SECONDS;
}

/** The console's "Test connection" and "Poll now" wait for an answer; they give up sooner than the worker. */
function interactiveTimeoutMs(): number {
  return Math.min(env.IMAP_TIMEOUT_SECONDS, 15) * 1000;
}

function stateOf(row: ImapMailbox): PollState {
  if (!row.enabled) return "disabled";
  if (!row.lastPolledAt) return "waiting";
  return row.lastError ? "failing" : "ok";
}

export function toMailboxView(row: ImapMailbox, intervalSeconds = pollIntervalSeconds()): MailboxView {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    secure: row.secure,
    username: row.username,
    hasPassword: row.password.length > 0,
    mailbox: row.mailbox,
    processedAction: row.processedAction,
    processedMailbox: row.processedMailbox,
    trusted: row.trusted,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    poll: {
      state: stateOf(row),
      lastPolledAt: row.lastPolledAt,
      lastSucceededAt: row.lastSucceededAt,
      lastPollStored: row.lastPollStored,
      lastError: row.lastError,
      consecutiveFailures: row.consecutiveFailures,
      uidValidity: row.uidValidity,
      lastUid: row.lastUid,
      nextPollAt: row.enabled ? nextPollAt(row, intervalSeconds) : null,
    },
  };
}

/** A mailbox as the console lists it: with every message it has stored so far, not only the last poll's. */
export type MailboxListItem = MailboxView & { messagesStored: number };

export async function listMailboxes(
  db: Db,
): Promise<{ mailboxes: MailboxListItem[]; pollIntervalSeconds: number }> {
  const interval = pollIntervalSeconds();
  const [rows, stored] = await Promise.all([listImapMailboxes(db), countStoredImapMessages(db)]);
  return {
    mailboxes: rows.map((row) => ({
      ...toMailboxView(row, interval),
      messagesStored: stored.get(row.id) ?? 0,
    })),
    pollIntervalSeconds: interval,
  };
}

/** The settings an admin edits, as the audit trail records them (never the password). */
const auditedFields = [
  "name",
  "host",
  "port",
  "secure",
  "username",
  "mailbox",
  "processedAction",
  "processedMailbox",
  "trusted",
  "enabled",
] as const;
type AuditedField = (typeof auditedFields)[number];
type Settings = Pick<ImapMailbox, AuditedField>;

function settingsOf(input: SaveMailboxInput): Settings {
  return {
    name: input.name,
    host: input.host.toLowerCase(),
    port: input.port,
    secure: input.secure,
    username: input.username,
    mailbox: input.mailbox,
    processedAction: input.processedAction,
    // only a moving mailbox has a processed folder; a flagging one keeps none to confuse later
    processedMailbox: input.processedAction === "move" ? input.processedMailbox : null,
    trusted: input.trusted,
    enabled: input.enabled,
  };
}

function pick(settings: Settings, fields: readonly AuditedField[]): Partial<Settings> {
  return Object.fromEntries(fields.map((field) => [field, settings[field]]));
}

/**
 * Two rows reading one folder would store every email twice (their source ids differ), so a
 * second row for the same account and folder is refused.
 */
async function refuseSameFolder(db: Db, settings: Settings, exceptId: string | undefined) {
  const other = (await listImapMailboxes(db)).find(
    (row) =>
      row.id !== exceptId &&
      row.host.toLowerCase() === settings.host &&
      row.port === settings.port &&
      row.username === settings.username &&
      sameFolder(row.mailbox, settings.mailbox),
  );
  if (other)
    throw new AppError(
      "CONFLICT",
      `"${other.name}" already reads ${settings.mailbox} of ${settings.username} on ${settings.host}:${settings.port}. Edit that mailbox instead: two would store every email twice.`,
      { mailboxId: other.id },
    );
}

/**
 * Adds a mailbox (no `id`) or changes one, audited in the same transaction with what changed
 * (from → to, and whether the password changed, never the password). An enabled mailbox is then
 * polled as soon as a worker is free, so a fixed setting shows its effect without waiting out a
 * backoff.
 */
export async function saveMailbox(
  deps: { db: Db; boss: PgBoss },
  params: SaveMailboxInput & { actor: UserActor },
): Promise<MailboxView> {
  const settings = settingsOf(params);
  await refuseSameFolder(deps.db, settings, params.id);
  return deps.db.transaction(async (tx) => {
    const id = params.id;
    if (id)
      return changeMailbox(tx, deps.boss, { id, settings, password: params.password, actor: params.actor });
    if (params.password === undefined) throw new AppError("BAD_REQUEST", "password: Enter the password");
    const row = await insertImapMailbox(tx, { ...settings, password: params.password });
    if (row.enabled) await reschedulePoll(deps.boss, tx, row.id, new Date());
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "mailbox.added",
        entityType: "mailbox",
        entityId: row.id,
        data: { ...pick(row, auditedFields), hasPassword: true },
      },
    ]);
    return toMailboxView(row);
  });
}

/** Enables or disables polling, audited like any other change. */
export async function setMailboxEnabled(
  deps: { db: Db; boss: PgBoss },
  params: { id: string; enabled: boolean; actor: UserActor },
): Promise<MailboxView> {
  return deps.db.transaction(async (tx) => {
    const stored = await getImapMailboxForUpdate(tx, params.id);
    if (!stored) throw new AppError("NOT_FOUND", "That mailbox does not exist (any more).");
    const settings = { ...pick(stored, auditedFields), enabled: params.enabled } as Settings;
    return changeMailbox(tx, deps.boss, {
      id: stored.id,
      settings,
      password: undefined,
      actor: params.actor,
    });
  });
}

async function changeMailbox(
  tx: Tx,
  boss: PgBoss,
  params: { id: string; settings: Settings; password: string | undefined; actor: UserActor },
): Promise<MailboxView> {
  const { settings } = params;
  const stored = await getImapMailboxForUpdate(tx, params.id);
  if (!stored) throw new AppError("NOT_FOUND", "That mailbox does not exist (any more).");
  const changed = auditedFields.filter((field) => stored[field] !== settings[field]);
  const passwordChanged = params.password !== undefined && params.password !== stored.password;
  if (changed.length === 0 && !passwordChanged) return toMailboxView(stored);
  const row = await updateImapMailboxSettings(tx, stored.id, {
    ...settings,
    ...(passwordChanged ? { password: params.password } : {}),
  });
  if (!row) throw new AppError("NOT_FOUND", "That mailbox does not exist (any more).");
  if (row.enabled) await reschedulePoll(boss, tx, row.id, new Date());
  await appendAuditEvents(tx, [
    {
      actor: params.actor,
      action: "mailbox.changed",
      entityType: "mailbox",
      entityId: row.id,
      data: { name: row.name, from: pick(stored, changed), to: pick(row, changed), passwordChanged },
    },
  ]);
  return toMailboxView(row);
}

export type MailboxTestResult = {
  ok: boolean;
  message: string;
  latencyMs: number;
  /** messages in the folder, when it could be opened */
  messages: number | null;
};

/**
 * "Test connection": signs in and opens the folder read-only (EXAMINE) with the form's settings,
 * the stored password unless the form gives one. Nothing on the server changes.
 */
export async function testMailboxConnection(db: Db, input: TestMailboxInput): Promise<MailboxTestResult> {
  let password = input.password;
  if (password === undefined) {
    const stored = input.id ? await getImapMailbox(db, input.id) : undefined;
    if (!stored) throw new AppError("BAD_REQUEST", "password: Enter the password");
    password = stored.password;
  }
  const endpoint = { ...input, name: "connection test", host: input.host.toLowerCase(), password };
  const timeoutMs = interactiveTimeoutMs();
  const context = { endpoint, folder: input.mailbox, timeoutMs };
  const client = createImapClient(endpoint, { timeoutMs });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    await imapStep("connect", context, () => client.connect());
    const opened = await imapStep("open", context, () =>
      client.mailboxOpen(input.mailbox, { readOnly: true }),
    );
    const latencyMs = elapsed();
    await signOut(client);
    const count = `${opened.exists} ${opened.exists === 1 ? "message" : "messages"}`;
    return {
      ok: true,
      latencyMs,
      messages: opened.exists,
      message: `Signed in as ${input.username} and opened ${input.mailbox} (${count}).`,
    };
  } catch (error) {
    if (!(error instanceof ImapStepError)) throw error;
    return { ok: false, latencyMs: elapsed(), messages: null, message: error.message };
  } finally {
    closeQuietly(client);
  }
}

/**
 * "Poll now": one poll here and now, whatever the backoff (or "busy" while a worker's poll holds
 * the mailbox), then the worker's next poll moved to when it is due after this one.
 */
export async function pollMailboxNow(
  deps: { db: Db; boss: PgBoss },
  params: { id: string },
): Promise<{ result: PollResult; mailbox: MailboxView }> {
  const stored = await getImapMailbox(deps.db, params.id);
  if (!stored) throw new AppError("NOT_FOUND", "That mailbox does not exist (any more).");
  if (!stored.enabled) throw new AppError("CONFLICT", `${stored.name} is disabled: enable it to poll it.`);
  const result = await pollMailbox(
    { db: deps.db, boss: deps.boss, settings: { timeoutMs: interactiveTimeoutMs() } },
    { mailboxId: stored.id },
  );
  const after = (await getImapMailbox(deps.db, stored.id)) ?? stored;
  const view = toMailboxView(after);
  if (result.status !== "skipped" && view.poll.nextPollAt)
    await reschedulePoll(deps.boss, deps.db, after.id, view.poll.nextPollAt);
  return { result, mailbox: view };
}
