"use client";

import { useMemo, useSyncExternalStore } from "react";

/**
 * The queue a reviewer opened an item from, in its order: the proposal page walks it with j / k
 * and Esc goes back to it with its filters. Kept per browser tab (sessionStorage), so two tabs
 * on two filtered queues do not walk each other's lists.
 */
export type QueueTrail = { ids: string[]; href: string };

const storageKey = "changedesk.queue-trail";

export function rememberQueueTrail(trail: QueueTrail): void {
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(trail));
  } catch {
    // storage full or disabled: the proposal page falls back to "back to the queue"
  }
}

function parseQueueTrail(stored: string | null): QueueTrail | null {
  try {
    const value: unknown = JSON.parse(stored ?? "null");
    if (typeof value !== "object" || value === null) return null;
    const { ids, href } = value as Partial<QueueTrail>;
    return Array.isArray(ids) && typeof href === "string" && href.startsWith("/queue")
      ? { ids: ids.filter((id) => typeof id === "string"), href }
      : null;
  } catch {
    return null;
  }
}

/** the trail only changes on the queue page, never while a proposal page is open */
const subscribeToNothing = () => () => {};

function readStored(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export type TrailPosition = {
  previousId: string | null;
  nextId: string | null;
  index: number;
  total: number;
  href: string;
};

/** Where this proposal sits in the remembered queue; null when it was not opened from it. */
export function useTrailPosition(proposalId: string): TrailPosition | null {
  // the server render has no sessionStorage: null there, the stored trail once hydrated
  const stored = useSyncExternalStore(subscribeToNothing, readStored, () => null);
  const trail = useMemo(() => parseQueueTrail(stored), [stored]);
  if (!trail) return null;
  const index = trail.ids.indexOf(proposalId);
  if (index < 0)
    return { previousId: null, nextId: null, index: -1, total: trail.ids.length, href: trail.href };
  return {
    previousId: trail.ids[index - 1] ?? null,
    nextId: trail.ids[index + 1] ?? null,
    index,
    total: trail.ids.length,
    href: trail.href,
  };
}
