import { z } from "zod";
import { channels } from "./message-input";
import { intentNames, storeNames } from "./catalog";

export const queueStatuses = [
  "open",
  "pending_review",
  "escalated",
  "conflict",
  "approved",
  "applied",
  "rejected",
  "declined",
  "superseded",
] as const;
export const queueSorts = ["sla", "age", "confidence"] as const;
export const queueAges = ["1h", "4h", "24h", "7d"] as const;
export const slaStates = ["overdue", "due_soon", "on_track", "none"] as const;

/** "Due soon" means within this many minutes. */
export const slaDueSoonMinutes = 60;

export const ageMinutes: Record<(typeof queueAges)[number], number> = {
  "1h": 60,
  "4h": 240,
  "24h": 1440,
  "7d": 10080,
};

const confidence = z.coerce.number().min(0).max(1);

/**
 * The queue's filters. They are the page's URL query too (`/queue?intent=update_phone&sla=overdue`),
 * and a saved view stores them as they appear there.
 */
export const queueFilterSchema = z.object({
  status: z.enum(queueStatuses).default("open"),
  intent: z.enum(intentNames).optional(),
  channel: z.enum(channels).optional(),
  store: z.enum(storeNames).optional(),
  minConfidence: confidence.optional(),
  maxConfidence: confidence.optional(),
  /** "me", "unassigned", or a user id */
  assignee: z.union([z.literal("me"), z.literal("unassigned"), z.string().uuid()]).optional(),
  /** older than */
  age: z.enum(queueAges).optional(),
  sla: z.enum(slaStates).optional(),
  customer: z.string().uuid().optional(),
  /** words in the summary, the customer's name or email */
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(queueSorts).default("sla"),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;
export type QueueSort = QueueFilter["sort"];

/** Opaque keyset cursor: the last row's sort key as Postgres printed it (no precision lost) and its id. */
export const queueCursorSchema = z.object({ key: z.string().max(64), id: z.string().uuid() });
export type QueueCursor = z.infer<typeof queueCursorSchema>;

export const listQueueInput = queueFilterSchema.extend({
  cursor: queueCursorSchema.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Parses a URL query (or a saved view) leniently: an unknown or malformed filter is dropped, not an error. */
export function parseQueueFilter(query: Record<string, string | undefined>): QueueFilter {
  const clean: Record<string, string> = {};
  for (const key of Object.keys(queueFilterSchema.shape)) {
    const value = query[key];
    if (value === undefined || value === "") continue;
    const field = queueFilterSchema.shape[key as keyof typeof queueFilterSchema.shape];
    if (field.safeParse(value).success) clean[key] = value;
  }
  return queueFilterSchema.parse(clean);
}

/** The filter as a URL query: defaults are left out, so `/queue` is the default view. */
export function queueFilterToQuery(filter: Partial<QueueFilter>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === "") continue;
    if (key === "status" && value === "open") continue;
    if (key === "sort" && value === "sla") continue;
    query[key] = String(value);
  }
  return query;
}
