import type { Queue } from "pg-boss";
import { z } from "zod";

/**
 * The typed job registry: each job's payload schema and queue options live together.
 * Handlers are registered against these names in worker/handlers.ts; `enqueue()` is typed from here.
 * Processing is at-least-once, so every handler is idempotent (state is checked in our tables).
 */
export const deadLetterQueue = "dead-letter";

const retried = {
  retryLimit: 5,
  retryDelay: 1,
  retryBackoff: true,
  retryDelayMax: 120,
  deadLetter: deadLetterQueue,
  notify: true,
  // workers heartbeat their jobs: a killed worker's job is retried after ~10 s, not at expiry
  heartbeatSeconds: 10,
} satisfies Omit<Queue, "name">;

export const jobDefinitions = {
  "message-process": {
    description: "resolve the customer, extract, propose and route one message",
    schema: z.object({ messageId: z.string().uuid() }),
    queue: { ...retried, expireInSeconds: 120 },
  },
  "proposal-apply": {
    description: "apply a change set the policy or a reviewer approved",
    schema: z.object({ proposalId: z.string().uuid() }),
    queue: { ...retried, expireInSeconds: 60 },
  },
  "outbox-deliver": {
    description:
      "deliver one outbox item after its transaction committed: a customer notice or a write to an external system",
    schema: z.object({ outboxId: z.string().uuid() }),
    // external systems can be down for a while: back off up to 5 minutes, then dead-letter
    queue: { ...retried, retryLimit: 8, retryDelay: 2, retryDelayMax: 300, expireInSeconds: 60 },
  },
  "review-sla": {
    description: "escalate review items past their SLA to the leads (scheduled every minute)",
    schema: z.object({}).passthrough(),
    queue: { retryLimit: 1, expireInSeconds: 60, deadLetter: deadLetterQueue },
  },
  "imap-poll": {
    description:
      "read new mail from one IMAP mailbox into messages, then queue its next poll (one waiting and one running per mailbox)",
    schema: z.object({ mailboxId: z.string().uuid() }),
    // stately + singletonKey (the mailbox id): one poll waits and one runs per mailbox. A failed
    // poll is recorded on the mailbox and backs off there; a retry here is for a crash of ours.
    queue: {
      policy: "stately",
      retryLimit: 2,
      retryDelay: 5,
      expireInSeconds: 600,
      heartbeatSeconds: 10,
      deadLetter: deadLetterQueue,
    },
  },
  "message-import": {
    description:
      "store the next chunks of rows of a running import as messages, then hand the rest to the import's one waiting job",
    schema: z.object({ importId: z.string().uuid() }),
    // short + singletonKey (the import id): one job waits per import, however often it is
    // scheduled; it can start while a dead worker's job still counts as active, which is how a
    // run survives a kill (server/channels/import/run.ts). Two runs of one import take turns on
    // the import's row lock, and rows are marked in each chunk's transaction.
    queue: {
      policy: "short",
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      expireInSeconds: 300,
      heartbeatSeconds: 10,
      deadLetter: deadLetterQueue,
    },
  },
  "imap-schedule": {
    description: "make sure every enabled IMAP mailbox has a poll queued (scheduled every minute)",
    schema: z.object({}).passthrough(),
    queue: { retryLimit: 1, expireInSeconds: 60, deadLetter: deadLetterQueue },
  },
} as const satisfies Record<string, { description: string; schema: z.ZodType; queue: Omit<Queue, "name"> }>;

export type JobName = keyof typeof jobDefinitions;

/**
 * pg-boss fetches by priority, then age. Imported messages are processed at a lower priority than
 * live ones, and the worker keeps a lane that only takes live ones (worker/handlers.ts): 10,000
 * imported messages wait behind a customer writing now, never the other way round.
 */
export const importedMessagePriority = -10;

/** Jobs the worker sends itself on a cron schedule; pg-boss keeps one schedule per name. */
export const jobSchedules = {
  "review-sla": "* * * * *",
  "imap-schedule": "* * * * *",
} as const satisfies Partial<Record<JobName, string>>;

/** The queue the health check looks for: the first step of every message. */
export const healthCheckQueue: JobName = "message-process";
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]["schema"]>;
export const jobNames = Object.keys(jobDefinitions) as JobName[];
