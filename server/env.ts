import { z } from "zod";

/**
 * The one module that reads process.env. Everything else imports `env`.
 * `npm start` fills DATABASE_URL itself when it starts the embedded Postgres server.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** base URL the console is served at; next-auth needs it for callbacks */
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** which extractor proposes: the offline one (default) or the LLM one */
  EXTRACTOR: z.enum(["offline", "llm"]).default("offline"),
  /** run the other extractor too and record its output, for comparison on live traffic */
  EXTRACTOR_SHADOW: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** OpenAI-compatible endpoint for the LLM extractor (hosted, Ollama, vLLM...) */
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  /** how often idle workers poll for jobs, in seconds (LISTEN/NOTIFY wakes them sooner) */
  WORKER_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
  /** outgoing customer notices: smtp://user:pass@host:587 (unset: notices stay in the outbox) */
  SMTP_URL: z.string().url().optional(),
  NOTIFY_FROM: z.string().min(3).optional(),
  /** chat notices are POSTed here as JSON with an Idempotency-Key header */
  NOTIFY_CHAT_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** the largest JSON body a channel accepts (chat, ticket, API), in bytes; larger answers 413 */
  CHANNEL_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** the largest raw email the email channel accepts, in bytes (attachments included) */
  CHANNEL_MAX_EMAIL_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** how often each IMAP mailbox is polled, in seconds; failures back off from here */
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** rows an import stores per transaction (server/channels/import/run.ts) */
  IMPORT_CHUNK_ROWS: z.coerce.number().int().min(1).max(5000).default(250),
  /** how long an IMAP server may stay silent (connecting, greeting, any answer) before the poll gives up */
  IMAP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** the Ed25519 key that signs audit checkpoints (created on first use; keep it off the database host) */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).default(".data/audit-signing-key.pem"),
  /** every signed checkpoint is appended here as a JSON line (the copy outside the database) */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).default(".data/audit-checkpoints.jsonl"),
  /** and/or POSTed here as JSON */
  AUDIT_CHECKPOINT_WEBHOOK_URL: z.string().url().optional(),
  /** how often the sealer links new audit events into the chain, in milliseconds */
  AUDIT_SEAL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  /** how often it signs a checkpoint when the chain has grown, in seconds */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
});

export type Env = z.infer<typeof envSchema>;

function readEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env = readEnv();

export function requireDatabaseUrl(): string {
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Run `npm start` (it starts an embedded Postgres server) or set DATABASE_URL.",
    );
  }
  return env.DATABASE_URL;
}
