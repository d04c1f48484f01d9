"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDateTime, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { NoticeState } from "../../proposals/[id]/_components/delivery-panel";

type Filter = "all" | "notification" | "connector_write" | "problems";
const filters: [Filter, string][] = [
  ["all", "All"],
  ["notification", "Notices"],
  ["connector_write", "External writes"],
  ["problems", "Problems"],
];

export function OutboxView({ input, canRetry }: { input: { limit: number }; canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery({ ...trpc.change.outbox.queryOptions(input), refetchInterval: 5_000 });
  const [filter, setFilter] = useState<Filter>("all");
  const [error, setError] = useState<string | null>(null);
  const retry = useMutation(
    trpc.change.retryOutbox.mutationOptions({
      onSuccess: () => setError(null),
      onError: (e) => setError(e.message),
      onSettled: () => queryClient.invalidateQueries(trpc.change.pathFilter()),
    }),
  );
  const items = data.items.filter((i) =>
    filter === "all"
      ? true
      : filter === "problems"
        ? i.status === "dead" || i.status === "failed" || (i.status === "pending" && i.attempts > 0)
        : i.kind === filter,
  );
  const count = (predicate: (c: (typeof data.counts)[number]) => boolean) =>
    data.counts.filter(predicate).reduce((sum, c) => sum + c.count, 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label="Show" className="flex flex-wrap gap-1">
          {filters.map(([value, label]) => (
            <Button
              key={value}
              size="sm"
              variant={filter === value ? "default" : "outline"}
              aria-pressed={filter === value}
              onClick={() => setFilter(value)}
            >
              {label}
            </Button>
          ))}
        </div>
        <p className="text-sm text-muted-foreground" data-testid="outbox-counts">
          {count((c) => c.status === "sent")} sent · {count((c) => c.status === "pending")} waiting ·{" "}
          {count((c) => c.status === "dead" || c.status === "failed")} failed
        </p>
      </div>
      {error ? (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      <div className="rounded-lg border bg-card">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="w-36">State</TableHead>
              <TableHead>What</TableHead>
              <TableHead className="w-[22%]">To</TableHead>
              <TableHead className="w-32">Queued</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4} className="py-8 text-center text-muted-foreground">
                  Nothing here.
                </TableCell>
              </TableRow>
            ) : null}
            {items.map((item) => (
              <TableRow key={item.id} data-testid="outbox-row">
                <TableCell className="align-top">
                  <div className="flex flex-col items-start gap-2">
                    <NoticeState status={item.status} kept={item.kept} />
                    {canRetry && item.kind === "notification" && (item.status === "dead" || item.kept) ? (
                      <Button
                        size="sm"
                        variant="outline"
                        disabled={retry.isPending}
                        onClick={() => retry.mutate({ outboxId: item.id })}
                      >
                        {item.kept ? "Send now" : "Retry"}
                      </Button>
                    ) : null}
                  </div>
                </TableCell>
                <TableCell className="align-top">
                  {item.kind === "notification" ? (
                    <details>
                      <summary className="cursor-pointer font-medium">
                        {item.subject ?? "Customer notice"}
                      </summary>
                      <pre className="mt-2 font-sans text-sm whitespace-pre-wrap text-muted-foreground">
                        {item.body}
                      </pre>
                    </details>
                  ) : (
                    <span className="font-medium">Write to {item.store}</span>
                  )}
                  {item.proposalId ? (
                    <Link
                      href={`/proposals/${item.proposalId}`}
                      className="line-clamp-1 text-sm text-muted-foreground hover:underline"
                    >
                      {item.proposalSummary ?? "proposal"}
                    </Link>
                  ) : null}
                  {item.lastError ? (
                    <p className={`mt-1 text-sm ${item.kept ? "text-muted-foreground" : "text-destructive"}`}>
                      {item.kept ? "" : `After ${item.attempts} attempt${item.attempts === 1 ? "" : "s"}: `}
                      {item.lastError}
                    </p>
                  ) : null}
                </TableCell>
                <TableCell className="align-top text-sm">
                  <div className="truncate">{item.recipient}</div>
                  {item.channel ? (
                    <div className="text-xs text-muted-foreground">via {item.channel}</div>
                  ) : null}
                </TableCell>
                <TableCell className="align-top text-sm" title={formatDateTime(item.createdAt)}>
                  {timeAgo(item.createdAt)}
                  {item.sentAt ? (
                    <div className="text-xs text-muted-foreground">sent {timeAgo(item.sentAt)}</div>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
