"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { MessageStatus } from "@/contracts/statuses";
import { useTRPC } from "@/components/trpc";
import { cn } from "@/components/ui/utils";
import { messageFilters } from "./message-list-input";

/**
 * The status filter above the messages list. Links, not buttons: each filter is a URL a person can
 * bookmark or share, and Tab / Enter move through them like any link. The two statuses that wait
 * for a person carry their counts.
 */
export function MessageStatusFilter({ status }: { status: MessageStatus | undefined }) {
  const trpc = useTRPC();
  const { data: counts } = useQuery({
    ...trpc.message.attentionCounts.queryOptions(),
    refetchInterval: 10_000,
  });
  return (
    <nav aria-label="Filter messages by status" className="mb-4 overflow-x-auto">
      <ul className="flex w-max gap-1 rounded-lg bg-muted p-1">
        {messageFilters.map((filter) => {
          const active = filter.status === status;
          const count = counts?.find((c) => c.status === filter.status)?.count;
          return (
            <li key={filter.label}>
              <Link
                href={filter.status ? `/messages?status=${filter.status}` : "/messages"}
                aria-current={active ? "page" : undefined}
                data-testid={`message-filter-${filter.status ?? "all"}`}
                className={cn(
                  "inline-flex h-8 items-center gap-2 rounded-md px-3 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
                  active && "bg-background text-foreground shadow-sm",
                )}
              >
                {filter.label}
                {count !== undefined ? (
                  <span
                    className={cn(
                      "inline-flex h-5 min-w-5 items-center justify-center rounded-full px-1.5 text-xs font-semibold tabular-nums",
                      count > 0 ? "bg-amber-100 text-amber-900" : "bg-background/60 text-muted-foreground",
                    )}
                  >
                    {count}
                    <span className="sr-only"> waiting</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
