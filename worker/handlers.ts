import { escalateOverdueProposals } from "@/server/review/sla";
import type { PollSettings } from "@/server/channels/imap/poll-mailbox";
import { runScheduledPoll, scheduleMailboxPolls } from "@/server/channels/imap/schedule";
import { env } from "@/server/env";
import type { JobResult, JobWithMetadata, PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { recordProcessingFailure, processMessage } from "@/server/pipeline/process-message";
import { applyChangeSet } from "@/server/apply/apply-change-set";
import { createNoticeSender, type NoticeSender } from "@/server/notifications/send";
import { readNotificationConfig } from "@/server/notifications/config";
import { deliverOutboxItem } from "@/server/outbox/deliver";
import { markImportFailed, runImport } from "@/server/channels/import/run";
import { startOutboxSweeper } from "@/server/outbox/sweep";
import type { Extractor } from "@/server/extraction/types";
import { logger } from "@/server/observability/logger";
import { importedMessagePriority, jobDefinitions, type JobName, type JobPayload } from "@/jobs/definitions";

export type WorkerDeps = {
  db: Db;
  boss: PgBoss;
  extractor: Extractor;
  shadowExtractor?: Extractor;
  /** how notices leave the outbox; without it (or with nothing configured) they are kept there */
  noticeSender?: NoticeSender;
  /** IMAP polling: the interval and the poll's settings (default: IMAP_POLL_SECONDS, IMAP_TIMEOUT_SECONDS) */
  imap?: { intervalSeconds?: number; settings?: Partial<PollSettings> };
};

function imapIntervalSeconds(deps: WorkerDeps): number {
  return deps.imap?.intervalSeconds ?? env.IMAP_POLL_SECONDS;
}

const keepEverything = createNoticeSender(readNotificationConfig({}));

type Handler<N extends JobName> = (
  deps: WorkerDeps,
  payload: JobPayload<N>,
  job: JobWithMetadata<unknown>,
) => Promise<unknown>;

/** Handlers stay short: they validate, call a service, and let the service check state. */
const handlers: { [N in JobName]: Handler<N> } = {
  "message-process": async (deps, { messageId }, job) => {
    try {
      return await processMessage(deps, messageId);
    } catch (error) {
      await recordProcessingFailure(deps.db, messageId, error, job.retryCount >= job.retryLimit);
      throw error;
    }
  },
  "proposal-apply": async (deps, { proposalId }) =>
    applyChangeSet(
      { db: deps.db, boss: deps.boss },
      { proposalId, actor: { type: "policy", id: null, label: "policy auto-apply" } },
    ),
  "review-sla": async (deps) => escalateOverdueProposals(deps.db),
  "imap-poll": async (deps, { mailboxId }) =>
    runScheduledPoll(
      {
        db: deps.db,
        boss: deps.boss,
        settings: { timeoutMs: env.IMAP_TIMEOUT_SECONDS * 1000, ...deps.imap?.settings },
      },
      { mailboxId, intervalSeconds: imapIntervalSeconds(deps) },
    ),
  "message-import": async (deps, { importId }, job) => {
    try {
      return await runImport(deps, { importId, chunkRows: env.IMPORT_CHUNK_ROWS });
    } catch (error) {
      // the last attempt: the import says it failed, with the error, instead of running forever
      if (job.retryCount >= job.retryLimit)
        await markImportFailed(deps.db, {
          importId,
          error: error instanceof Error ? error.message : String(error),
        });
      throw error;
    }
  },
  "imap-schedule": async (deps) => scheduleMailboxPolls(deps, { intervalSeconds: imapIntervalSeconds(deps) }),
  "outbox-deliver": async (deps, { outboxId }, job) =>
    deliverOutboxItem(
      { db: deps.db, boss: deps.boss, sender: deps.noticeSender ?? keepEverything },
      { outboxId, final: job.retryCount >= job.retryLimit },
    ),
};

async function runOne<N extends JobName>(
  name: N,
  deps: WorkerDeps,
  job: JobWithMetadata<unknown>,
): Promise<JobResult> {
  const log = logger.child({ queue: name, jobId: job.id, attempt: job.retryCount + 1 });
  const started = performance.now();
  try {
    const payload = jobDefinitions[name].schema.parse(job.data) as JobPayload<N>;
    const output = await handlers[name](deps, payload, job);
    log.info({ ms: Math.round(performance.now() - started), output }, "job completed");
    return { id: job.id, status: "completed", output: { result: output ?? null } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn({ ms: Math.round(performance.now() - started), err: error }, "job failed");
    return { id: job.id, status: "failed", output: { error: message } };
  }
}

export type WorkerOptions = {
  concurrency: number;
  pollingIntervalSeconds: number;
  /** how often the outbox sweeper looks for deliveries without a job (0: never) */
  outboxSweepMs?: number;
};

/**
 * The lanes a queue is worked in. message-process has two: live messages with the worker's full
 * concurrency, and imported ones (queued at `importedMessagePriority`) with half of it. A live
 * message never waits behind a batch of imported ones, and an import of 10,000 rows takes at most
 * half the worker, however long its backlog.
 */
function lanesOf(
  name: JobName,
  concurrency: number,
): { batchSize: number; minPriority?: number; maxPriority?: number }[] {
  if (name !== "message-process") return [{ batchSize: concurrency }];
  return [
    { batchSize: concurrency, minPriority: importedMessagePriority + 1 },
    { batchSize: Math.max(1, Math.floor(concurrency / 2)), maxPriority: importedMessagePriority },
  ];
}

/** Registers every queue's handler. Each batch's jobs run concurrently and settle one by one. */
export async function registerHandlers(deps: WorkerDeps, options: WorkerOptions): Promise<void> {
  for (const name of Object.keys(handlers) as JobName[]) {
    for (const lane of lanesOf(name, options.concurrency)) {
      await deps.boss.work(
        name,
        {
          ...lane,
          perJobResults: true,
          includeMetadata: true,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds,
          notifyPollingIntervalSeconds: 5,
        },
        async (jobs) => Promise.all(jobs.map((job) => runOne(name, deps, job))),
      );
    }
  }
  if ((options.outboxSweepMs ?? 2000) > 0)
    startOutboxSweeper(deps, { intervalMs: options.outboxSweepMs ?? 2000 });
}
