"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/changes/status-badge";
import { timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { messageListInput } from "./message-list-input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function MessageList({ canRetry }: { canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery({
    ...trpc.message.list.queryOptions(messageListInput),
    refetchInterval: 5_000,
  });
  const retry = useMutation(
    trpc.message.retry.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.message.pathFilter()),
    }),
  );
  return (
    <div className="rounded-lg border bg-card">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-[24%]">From</TableHead>
            <TableHead>Message</TableHead>
            <TableHead className="w-32">Status</TableHead>
            <TableHead className="w-28">Received</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.map((m) => (
            <TableRow key={m.id} data-testid="message-row">
              <TableCell className="align-top">
                <div className="truncate font-medium">{m.sender}</div>
                <div className="text-xs text-muted-foreground">via {m.channel}</div>
              </TableCell>
              <TableCell className="align-top">
                {m.contactId ? (
                  <Link href={`/customers/${m.contactId}`} className="font-medium hover:underline">
                    {m.subject ?? "(no subject)"}
                  </Link>
                ) : (
                  <span className="font-medium">{m.subject ?? "(no subject)"}</span>
                )}
                <p className="line-clamp-2 text-sm text-muted-foreground">{m.text}</p>
                {m.error ? (
                  <p className="mt-1 text-sm text-destructive" role="status">
                    {m.status === "failed" ? "Failed" : "Retrying"} after {m.attempts} attempt(s): {m.error}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="align-top">
                <div className="flex flex-col items-start gap-2">
                  <StatusBadge status={m.status} />
                  {m.status === "failed" && canRetry ? (
                    <Button
                      size="sm"
                      variant="outline"
                      disabled={retry.isPending}
                      onClick={() => retry.mutate({ id: m.id })}
                    >
                      Retry
                    </Button>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="align-top text-sm text-muted-foreground">
                {timeAgo(m.receivedAt)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
