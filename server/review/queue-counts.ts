import type { Db } from "@/db/client";
import { countQueueFacets, type QueueFacetCounts } from "@/db/queries/queue";
import { logger } from "../observability/logger";
import type { QueueFilter } from "@/contracts/queue-filters";

/** Counts younger than this are served as they are; older ones are served once more while they refresh. */
const freshMs = 5_000;
const staleMs = 60_000;
const maxEntries = 200;

type Entry = { value: QueueFacetCounts; computedAt: number; refreshing?: Promise<QueueFacetCounts> };
const cache = new Map<string, Entry>();

/**
 * Filter counts with 100,000 waiting items take a few hundred milliseconds of scanning, and every
 * open queue polls them. They are shared per filter (and per person when the filter says "me") and
 * recomputed at most every few seconds; a stale answer is returned while the next one is computed.
 */
export async function getQueueCounts(
  db: Db,
  params: { filter: QueueFilter; userId: string; now?: Date },
): Promise<QueueFacetCounts & { computedAt: Date }> {
  const key = JSON.stringify({
    ...params.filter,
    user: params.filter.assignee === "me" ? params.userId : null,
  });
  const entry = cache.get(key);
  const age = entry ? Date.now() - entry.computedAt : Number.POSITIVE_INFINITY;
  const compute = () => {
    const refreshing = countQueueFacets(db, {
      filter: params.filter,
      userId: params.userId,
      now: params.now ?? new Date(),
    }).then(
      (value) => {
        cache.delete(key);
        cache.set(key, { value, computedAt: Date.now() });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? "");
        return value;
      },
      (error: unknown) => {
        if (entry) entry.refreshing = undefined;
        throw error;
      },
    );
    if (entry) entry.refreshing = refreshing;
    return refreshing;
  };
  if (entry && age < freshMs) return { ...entry.value, computedAt: new Date(entry.computedAt) };
  if (entry && age < staleMs) {
    entry.refreshing ??= compute().catch((error: unknown) => {
      logger.warn({ err: error }, "queue counts refresh failed");
      return entry.value;
    });
    return { ...entry.value, computedAt: new Date(entry.computedAt) };
  }
  const value = await (entry?.refreshing ?? compute());
  return { ...value, computedAt: new Date() };
}
