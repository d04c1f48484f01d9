"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ConfidenceMeter } from "@/components/changes/confidence-meter";
import { StatusBadge } from "@/components/changes/status-badge";
import { humanize, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const queueInput = { limit: 100 };

export function QueueTable() {
  const trpc = useTRPC();
  const router = useRouter();
  // polled, so decisions made by others and new items show up without a reload
  const { data } = useSuspenseQuery({
    ...trpc.proposal.list.queryOptions(queueInput),
    refetchInterval: 5_000,
  });

  if (data.items.length === 0) {
    return (
      <div className="rounded-lg border border-dashed bg-card px-6 py-16 text-center">
        <p className="font-medium">The queue is empty</p>
        <p className="mt-1 text-sm text-muted-foreground">
          New proposals that need a person will appear here.
        </p>
      </div>
    );
  }

  return (
    <div className="rounded-lg border bg-card">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-[22%]">Customer</TableHead>
            <TableHead>Proposed change</TableHead>
            <TableHead className="w-36">Confidence</TableHead>
            <TableHead className="w-32">Status</TableHead>
            <TableHead className="w-28">Received</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((item) => (
            <TableRow
              key={item.id}
              className="cursor-pointer"
              onClick={() => router.push(`/proposals/${item.id}`)}
              data-testid="queue-row"
            >
              <TableCell className="align-top">
                <div className="font-medium">{item.contactName ?? "Unknown customer"}</div>
                <div className="text-xs text-muted-foreground">{item.contactEmail}</div>
              </TableCell>
              <TableCell className="align-top">
                <Link
                  href={`/proposals/${item.id}`}
                  className="font-medium hover:underline focus-visible:underline"
                  onClick={(e) => e.stopPropagation()}
                >
                  {item.summary}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                  {item.intents.map((intent) => (
                    <Badge key={intent} variant="secondary" className="font-normal">
                      {humanize(intent)}
                    </Badge>
                  ))}
                  {item.channel ? <span>via {item.channel}</span> : null}
                  {item.kind === "rollback" ? <Badge variant="outline">Rollback</Badge> : null}
                  {item.requiredApprovals > 1 ? <Badge variant="outline">Needs 2 approvals</Badge> : null}
                  {item.claimedByName ? <span>· opened by {item.claimedByName}</span> : null}
                </div>
              </TableCell>
              <TableCell className="align-top">
                {item.confidence !== null ? <ConfidenceMeter value={item.confidence} srLabel="" /> : "—"}
              </TableCell>
              <TableCell className="align-top">
                <StatusBadge status={item.status} />
              </TableCell>
              <TableCell className="align-top text-sm text-muted-foreground">
                <time dateTime={item.createdAt.toISOString()} title={item.createdAt.toLocaleString()}>
                  {timeAgo(item.createdAt)}
                </time>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
