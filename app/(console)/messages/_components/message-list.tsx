"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/changes/status-badge";
import { humanize, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Button } from "@/components/ui/button";
import { getFieldDefinition, getIntentDefinition } from "@/contracts/catalog";
import type { MessageStatus } from "@/contracts/statuses";
import { messageListInput } from "./message-list-input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

type MessageRow = RouterOutputs["message"]["list"][number];

/** Why a message waits for a person, in one line for the list; the detail page says more. */
function attentionLine(message: MessageRow): string | null {
  if (message.status === "unmatched") return "No single customer matches this sender: link it to one.";
  if (message.status !== "needs_information") return null;
  const parts = (message.pendingRequests ?? []).map((request) => {
    const intent = getIntentDefinition(request.intent)?.label ?? humanize(request.intent);
    const missing = request.missing.map((key) => getFieldDefinition(key)?.label ?? key);
    return missing.length ? `${intent}: missing ${missing.join(", ")}` : `${intent}: ${request.reason}`;
  });
  if (message.flags?.length) parts.push(`flagged: ${message.flags.map(humanize).join(", ")}`);
  return parts.join(" · ") || "A person must read this message.";
}

export function MessageList({ status, canRetry }: { status: MessageStatus | undefined; canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery({
    ...trpc.message.list.queryOptions(messageListInput(status)),
    refetchInterval: 5_000,
  });
  const retry = useMutation(
    trpc.message.retry.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.message.pathFilter()),
    }),
  );
  if (data.length === 0) {
    return (
      <div className="rounded-lg border border-dashed bg-card px-6 py-10 text-center" role="status">
        <p className="font-medium">
          {status ? `No ${humanize(status).toLowerCase()} messages` : "No messages yet"}
        </p>
        <p className="mt-1 text-sm text-muted-foreground">
          {status === "needs_information" || status === "unmatched"
            ? "Nothing is waiting for a person here."
            : "Messages appear here as the channels receive them."}
        </p>
      </div>
    );
  }
  return (
    <div className="rounded-lg border bg-card">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-[24%]">From</TableHead>
            <TableHead>Message</TableHead>
            <TableHead className="w-40">Status</TableHead>
            <TableHead className="w-28">Received</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.map((m) => {
            const attention = attentionLine(m);
            return (
              <TableRow key={m.id} data-testid="message-row" data-status={m.status}>
                <TableCell className="align-top">
                  <div className="truncate font-medium">{m.sender}</div>
                  <div className="text-xs text-muted-foreground">
                    via {m.channel}
                    {m.contactId ? (
                      <>
                        {" · "}
                        <Link href={`/customers/${m.contactId}`} className="hover:underline">
                          customer
                        </Link>
                      </>
                    ) : null}
                  </div>
                </TableCell>
                <TableCell className="max-w-0 align-top">
                  <Link
                    href={`/messages/${m.id}`}
                    className="font-medium underline-offset-2 hover:underline"
                    data-testid="message-link"
                  >
                    {m.subject ?? "(no subject)"}
                  </Link>
                  <p className="line-clamp-2 text-sm text-muted-foreground">{m.text}</p>
                  {attention ? <p className="mt-1 text-sm text-amber-800">{attention}</p> : null}
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
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
