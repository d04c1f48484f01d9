"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseQueueFilter, queueFilterToQuery, type QueueFilter } from "@/contracts/queue-filters";

/** The queue's filter lives in the URL: shareable, and the back button undoes a filter change. */
export function useQueueFilter() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = searchParams.toString();
  const filter = useMemo(() => parseQueueFilter(Object.fromEntries(new URLSearchParams(query))), [query]);

  const setFilter = useCallback(
    (next: Partial<QueueFilter> | ((current: QueueFilter) => Partial<QueueFilter>)) => {
      const value = typeof next === "function" ? next(filter) : next;
      const search = new URLSearchParams(queueFilterToQuery(value)).toString();
      router.push(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [filter, pathname, router],
  );
  const updateFilter = useCallback(
    (patch: Partial<Record<keyof QueueFilter, string | number | undefined>>) =>
      setFilter((current) => ({ ...current, ...patch }) as Partial<QueueFilter>),
    [setFilter],
  );
  return { filter, query: queueFilterToQuery(filter), setFilter, updateFilter };
}
