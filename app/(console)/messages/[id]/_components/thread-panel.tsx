import { ArrowDownLeftIcon, ArrowUpRightIcon, NotebookPenIcon, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { StatusBadge } from "@/components/changes/status-badge";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";
import { NoticeState } from "../../../proposals/[id]/_components/delivery-panel";
import type { MessageDetailData } from "./message-detail";

type Entry = MessageDetailData["thread"]["entries"][number];

const directions: Record<Entry["direction"], { label: string; icon: LucideIcon; tone: string }> = {
  inbound: { label: "Received", icon: ArrowDownLeftIcon, tone: "text-sky-700" },
  note: { label: "Staff note", icon: NotebookPenIcon, tone: "text-violet-700" },
  outbound: { label: "Sent by us", icon: ArrowUpRightIcon, tone: "text-emerald-700" },
};

/**
 * The conversation this message belongs to, oldest first: the customer's messages, staff notes and
 * what we sent them, each linked to where it is read in full. This message is marked.
 */
export function ThreadPanel({ thread }: { thread: MessageDetailData["thread"] }) {
  const count = thread.entries.length;
  return (
    <Card data-testid="message-thread">
      <CardHeader>
        <CardTitle className="text-base">Conversation</CardTitle>
        <p className="text-sm text-muted-foreground">
          {count <= 1
            ? "This message is the only one in its conversation so far."
            : `${count} items, oldest first: replies are linked by Message-ID, In-Reply-To and References from the same sender.`}
          {thread.truncated ? " Only the newest are listed." : ""}
        </p>
      </CardHeader>
      <CardContent>
        <ol className="flex flex-col divide-y rounded-md border">
          {thread.entries.map((entry) => (
            <ThreadItem key={`${entry.kind}-${entry.id}`} entry={entry} />
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function ThreadItem({ entry }: { entry: Entry }) {
  const direction = directions[entry.direction];
  const Icon = direction.icon;
  const who = entry.direction === "outbound" ? `To ${entry.to ?? "the customer"}` : entry.from;
  return (
    <li
      data-testid="thread-entry"
      data-direction={entry.direction}
      aria-current={entry.current ? "true" : undefined}
      className={cn("flex min-w-0 gap-3 p-3 text-sm", entry.current && "bg-sky-50/70")}
    >
      <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", direction.tone)} />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-medium">{direction.label}</span>
          {entry.channel && entry.channel !== "email" ? (
            <span className="text-xs text-muted-foreground">via {entry.channel}</span>
          ) : null}
          {entry.kind === "message" ? (
            <StatusBadge status={entry.status} />
          ) : (
            <NoticeState status={entry.status} kept={entry.kept} />
          )}
          {entry.current ? (
            <Badge className="rounded-full" data-testid="thread-current">
              This message
            </Badge>
          ) : null}
          <time
            dateTime={entry.at.toISOString()}
            className="ml-auto text-xs text-muted-foreground tabular-nums"
          >
            {formatDateTime(entry.at)}
          </time>
        </div>
        <div className="truncate text-muted-foreground">{who}</div>
        <div className="min-w-0">
          {entry.current ? (
            <span className="font-medium">{entry.subject ?? "(no subject)"}</span>
          ) : (
            <Link
              href={entry.href}
              className="font-medium underline-offset-2 hover:underline"
              data-testid="thread-link"
            >
              {entry.subject ?? "(no subject)"}
            </Link>
          )}
          {entry.snippet ? (
            <p className="line-clamp-2 break-words text-muted-foreground">{entry.snippet}</p>
          ) : null}
        </div>
      </div>
    </li>
  );
}
