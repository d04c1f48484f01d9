"use client";

import { useMutation, useQuery, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ConfidenceMeter } from "@/components/changes/confidence-meter";
import { StatusBadge } from "@/components/changes/status-badge";
import { humanize, timeAgo } from "@/components/format";
import { rememberQueueTrail } from "@/components/review/queue-trail";
import { RejectDialog } from "@/components/review/reject-dialog";
import { ShortcutHelp } from "@/components/review/shortcut-help";
import { queueShortcuts, useShortcuts } from "@/components/review/shortcuts";
import { SlaBadge } from "@/components/review/sla-badge";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Kbd } from "@/components/ui/kbd";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { QueueFilter } from "@/contracts/queue-filters";
import { BulkDialog, type BulkRequest } from "./bulk-dialog";
import { QueueFilterBar } from "./queue-filter-bar";
import { useQueueFilter } from "./use-queue-filter";

type QueueItem = RouterOutputs["proposal"]["list"]["items"][number];

export const queuePageSize = 50;

type Row = QueueItem & { gone: boolean };
type LocalDecision = { tone: "done" | "warning" | "error"; text: string };

/**
 * Keeps rows that left the queue (decided by someone else, or by you) in place, marked gone, so
 * nothing moves under the reviewer's cursor; new rows appear where the server puts them.
 */
function mergeRows(previous: Row[], items: QueueItem[]): Row[] {
  const result: Row[] = items.map((item) => ({ ...item, gone: false }));
  const present = new Set(items.map((item) => item.id));
  let anchor: string | null = null;
  for (const row of previous) {
    if (present.has(row.id)) {
      anchor = row.id;
      continue;
    }
    const at = anchor === null ? 0 : result.findIndex((r) => r.id === anchor) + 1;
    result.splice(at, 0, { ...row, gone: true });
    anchor = row.id;
  }
  return result;
}

export function QueueWorkspace({
  canDecide,
  canBulk,
  canAssign,
}: {
  canDecide: boolean;
  canBulk: boolean;
  canAssign: boolean;
}) {
  const { filter, query } = useQueueFilter();
  return (
    <div className="space-y-4">
      <QueueFilterBar canAssign={canAssign} />
      {/* a new filter is a new list: selection and kept rows start over */}
      <QueueList key={JSON.stringify(query)} filter={filter} canDecide={canDecide} canBulk={canBulk} />
    </div>
  );
}

function QueueList({
  filter,
  canDecide,
  canBulk,
}: {
  filter: QueueFilter;
  canDecide: boolean;
  canBulk: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useSuspenseInfiniteQuery({
    ...trpc.proposal.list.infiniteQueryOptions(
      { ...filter, limit: queuePageSize },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    // live: new items and decisions by others show up without a reload
    refetchInterval: 5_000,
  });
  const items = useMemo(() => list.data.pages.flatMap((page) => page.items), [list.data.pages]);
  const [kept, setKept] = useState<{ source: QueueItem[]; rows: Row[] }>(() => ({
    source: items,
    rows: mergeRows([], items),
  }));
  if (kept.source !== items) setKept({ source: items, rows: mergeRows(kept.rows, items) });
  const rows = kept.source === items ? kept.rows : mergeRows(kept.rows, items);
  // the order the proposal page's j / k walk, and the filtered queue its Esc returns to
  const trailIds = items.map((item) => item.id).join(",");
  useEffect(() => {
    rememberQueueTrail({
      ids: trailIds ? trailIds.split(",") : [],
      href: `${window.location.pathname}${window.location.search}`,
    });
  }, [trailIds]);

  const [decided, setDecided] = useState<Record<string, LocalDecision>>({});
  const [currentId, setCurrentId] = useState<string | null>(rows[0]?.id ?? null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const [rejectTarget, setRejectTarget] = useState<Row | null>(null);
  const [bulk, setBulk] = useState<BulkRequest | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const linkRefs = useRef(new Map<string, HTMLAnchorElement>());
  const rejectedId = useRef<string | null>(null);

  const goneIds = rows.filter((r) => r.gone && !decided[r.id]).map((r) => r.id);
  const states = useQuery({
    ...trpc.proposal.states.queryOptions({ ids: goneIds.slice(0, 200) }),
    enabled: goneIds.length > 0,
  });
  const stateOf = new Map((states.data ?? []).map((s) => [s.id, s]));

  const isOpen = (row: Row) => !row.gone && !decided[row.id];
  const currentIndex = Math.max(
    0,
    rows.findIndex((r) => r.id === currentId),
  );
  const current = rows[currentIndex];

  const focusRow = useCallback((id: string | undefined) => {
    if (!id) return;
    setCurrentId(id);
    const link = linkRefs.current.get(id);
    link?.focus();
    link?.closest("tr")?.scrollIntoView({ block: "nearest" });
  }, []);

  /** After deciding, the next row still open below (or above) gets the focus. */
  const focusNextOpen = useCallback(
    (fromId: string) => {
      const index = rows.findIndex((r) => r.id === fromId);
      const after = rows.slice(index + 1).find((r) => isOpen(r) && r.id !== fromId);
      const before = rows
        .slice(0, index)
        .reverse()
        .find((r) => isOpen(r) && r.id !== fromId);
      focusRow((after ?? before ?? rows[index])?.id);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- isOpen reads `decided`, listed
    [rows, decided, focusRow],
  );

  const record = (id: string, decision: LocalDecision, message: string) => {
    setDecided((previous) => ({ ...previous, [id]: decision }));
    setAnnouncement(message);
  };

  const approve = useMutation(
    trpc.proposal.approve.mutationOptions({
      onSuccess: (result, input) => {
        const summary = rows.find((r) => r.id === input.proposalId)?.summary ?? "Item";
        if (result.status === "applied")
          record(
            input.proposalId,
            { tone: "done", text: "Approved and applied" },
            `Approved and applied: ${summary}`,
          );
        else if (result.status === "conflict")
          record(
            input.proposalId,
            { tone: "warning", text: "Not applied: the record changed; open it to decide again" },
            `Conflict: ${summary}`,
          );
        else if (result.status === "awaiting_second_approval")
          record(
            input.proposalId,
            { tone: "done", text: "Approval recorded; needs a second person" },
            `Approval recorded: ${summary}`,
          );
        else
          record(
            input.proposalId,
            { tone: "warning", text: `Nothing applied (${result.status.replace("_", " ")})` },
            `Nothing applied: ${summary}`,
          );
      },
      onError: (error, input) =>
        record(
          input.proposalId,
          { tone: "error", text: error.message },
          `Could not approve: ${error.message}`,
        ),
    }),
  );
  const reject = useMutation(
    trpc.proposal.reject.mutationOptions({
      onSuccess: (_result, input) =>
        record(input.proposalId, { tone: "done", text: `Rejected: ${input.reason}` }, "Rejected"),
      onError: (error, input) =>
        record(
          input.proposalId,
          { tone: "error", text: error.message },
          `Could not reject: ${error.message}`,
        ),
    }),
  );

  const approveRow = (row: Row | undefined) => {
    if (!row || !canDecide || !isOpen(row)) return;
    approve.mutate({ proposalId: row.id, expectedVersion: row.version, edits: [] });
    focusNextOpen(row.id);
  };

  const toggle = (id: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selectedRows = rows.filter((r) => selected.has(r.id) && isOpen(r));

  const rowHasFocus = () => Boolean(document.activeElement?.closest("[data-queue-list] tr"));
  const inList = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    return (
      !target ||
      target === document.body ||
      target.id === "main" ||
      Boolean(target.closest("[data-queue-list]"))
    );
  };

  useShortcuts({
    // the first j or k only puts the focus on the current row, so nothing is skipped
    j: () => {
      if (!rowHasFocus()) return focusRow(current?.id);
      const next = rows[Math.min(rows.length - 1, currentIndex + 1)];
      if (currentIndex === rows.length - 1 && list.hasNextPage) void list.fetchNextPage();
      focusRow(next?.id);
    },
    k: () => focusRow(rowHasFocus() ? rows[Math.max(0, currentIndex - 1)]?.id : current?.id),
    Enter: (event) => {
      if (!inList(event) || !current) return false;
      if (event.target instanceof HTMLAnchorElement) return false;
      router.push(`/proposals/${current.id}`);
    },
    a: () => approveRow(current),
    e: () => {
      if (current && canDecide) router.push(`/proposals/${current.id}?edit=1`);
    },
    r: () => {
      if (current && canDecide && isOpen(current)) setRejectTarget(current);
    },
    x: () => {
      if (current && canDecide && isOpen(current)) toggle(current.id);
    },
    A: () => {
      if (!canBulk) return setAnnouncement("Bulk decisions need a lead or an admin.");
      if (selectedRows.length === 0) return setAnnouncement("Select items with x first.");
      setBulk({
        action: "approve",
        target: {
          kind: "selection",
          items: selectedRows.map((r) => ({ proposalId: r.id, expectedVersion: r.version })),
        },
      });
    },
    Escape: () => {
      if (selected.size === 0) return false;
      setSelected(new Set());
      setAnnouncement("Selection cleared");
    },
    "?": () => setHelpOpen(true),
  });

  if (rows.length === 0) {
    return (
      <div
        className="rounded-lg border border-dashed bg-card px-6 py-16 text-center"
        data-testid="queue-empty"
      >
        <p className="font-medium">Nothing here</p>
        <p className="mt-1 text-sm text-muted-foreground">
          No proposal matches these filters. New ones appear here within seconds.
        </p>
        <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} shortcuts={queueShortcuts} />
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" className="sr-only" data-testid="queue-announcement">
        {announcement}
      </p>
      <div className="flex min-h-9 flex-wrap items-center justify-between gap-2">
        {selected.size > 0 ? (
          <div
            className="flex flex-wrap items-center gap-2 rounded-md bg-primary/5 px-2 py-1"
            data-testid="selection-bar"
          >
            <span className="text-sm font-medium">{selectedRows.length} selected</span>
            {canBulk ? (
              <>
                <Button
                  size="sm"
                  onClick={() =>
                    setBulk({
                      action: "approve",
                      target: {
                        kind: "selection",
                        items: selectedRows.map((r) => ({ proposalId: r.id, expectedVersion: r.version })),
                      },
                    })
                  }
                >
                  Approve selected{" "}
                  <Kbd className="ml-1 border-primary-foreground/30 bg-primary-foreground/15 text-primary-foreground">
                    ⇧A
                  </Kbd>
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  onClick={() =>
                    setBulk({
                      action: "reject",
                      target: {
                        kind: "selection",
                        items: selectedRows.map((r) => ({ proposalId: r.id, expectedVersion: r.version })),
                      },
                    })
                  }
                >
                  Reject selected…
                </Button>
              </>
            ) : (
              <span className="text-sm text-muted-foreground">Bulk decisions need a lead.</span>
            )}
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear
            </Button>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">
            <Kbd>j</Kbd> <Kbd>k</Kbd> to move, <Kbd>a</Kbd> approve, <Kbd>r</Kbd> reject, <Kbd>x</Kbd> select,{" "}
            <Kbd>?</Kbd> all shortcuts
          </p>
        )}
        {canBulk ? (
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="outline"
              onClick={() => setBulk({ action: "approve", target: { kind: "filter", filter } })}
            >
              Approve all matching…
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() => setBulk({ action: "reject", target: { kind: "filter", filter } })}
            >
              Reject all matching…
            </Button>
          </div>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg border bg-card" data-queue-list>
        <table
          className="w-full caption-bottom text-sm"
          aria-label="Review queue"
          aria-describedby="queue-help"
        >
          <caption id="queue-help" className="sr-only">
            Use j and k to move between items, a to approve, r to reject, x to select, question mark for all
            shortcuts.
          </caption>
          <thead className="border-b bg-muted/40 text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">Selected</span>
              </th>
              <th scope="col" className="w-[20%] px-3 py-2 font-medium">
                Customer
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Proposed change
              </th>
              <th scope="col" className="w-32 px-3 py-2 font-medium">
                Confidence
              </th>
              <th scope="col" className="w-36 px-3 py-2 font-medium">
                SLA
              </th>
              <th scope="col" className="w-36 px-3 py-2 font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const local = decided[row.id];
              const state = stateOf.get(row.id);
              const done = Boolean(local && local.tone !== "error") || row.gone;
              const isCurrent = row.id === current?.id;
              return (
                <tr
                  key={row.id}
                  data-testid="queue-row"
                  data-state={done ? "decided" : "open"}
                  data-current={isCurrent || undefined}
                  onFocusCapture={() => setCurrentId(row.id)}
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest("a,button,[role=checkbox]")) return;
                    focusRow(row.id);
                  }}
                  className={cn(
                    "border-b transition-colors last:border-b-0",
                    isCurrent
                      ? "bg-primary/[0.06] shadow-[inset_3px_0_0_var(--color-primary)]"
                      : "hover:bg-muted/40",
                    done && "text-muted-foreground [&_[data-slot=confidence-meter]]:opacity-60",
                  )}
                >
                  <td className="px-3 py-2.5 align-top">
                    <Checkbox
                      aria-label={`Select: ${row.summary}`}
                      checked={selected.has(row.id)}
                      disabled={!canDecide || done}
                      onCheckedChange={() => toggle(row.id)}
                    />
                  </td>
                  <td className="px-3 py-2.5 align-top">
                    <div className={cn("font-medium", done && "font-normal")}>
                      {row.contactName ?? "Unknown customer"}
                    </div>
                    <div className="text-xs text-muted-foreground">{row.contactEmail}</div>
                  </td>
                  <td className="px-3 py-2.5 align-top">
                    <Link
                      ref={(node) => {
                        if (node) linkRefs.current.set(row.id, node);
                        else linkRefs.current.delete(row.id);
                      }}
                      href={`/proposals/${row.id}`}
                      className={cn(
                        "rounded-sm font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2",
                        done && "font-normal line-through decoration-muted-foreground/50",
                      )}
                    >
                      {row.summary}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                      {row.intents.map((intent) => (
                        <Badge key={intent} variant="secondary" className="font-normal">
                          {humanize(intent)}
                        </Badge>
                      ))}
                      {row.channel ? <span>via {row.channel}</span> : null}
                      <span>· {timeAgo(row.createdAt)}</span>
                      {row.kind === "rollback" ? <Badge variant="outline">Rollback</Badge> : null}
                      {row.requiredApprovals > 1 ? <Badge variant="outline">Needs 2 approvals</Badge> : null}
                      {row.assignedToName ? <span>· assigned to {row.assignedToName}</span> : null}
                      {row.claimedByName && row.claimExpiresAt && row.claimExpiresAt > new Date() ? (
                        <span className="text-amber-800" data-testid="claim-note">
                          · {row.claimedByName} is on it
                        </span>
                      ) : null}
                      {row.escalationReason ? <span>· escalated: {row.escalationReason}</span> : null}
                    </div>
                    {local ? (
                      <p
                        data-testid="row-outcome"
                        className={cn(
                          "mt-1 text-xs",
                          local.tone === "error"
                            ? "text-destructive"
                            : local.tone === "warning"
                              ? "text-amber-800"
                              : "text-emerald-800",
                        )}
                      >
                        {local.text}
                      </p>
                    ) : row.gone ? (
                      <p data-testid="row-outcome" className="mt-1 text-xs">
                        {state
                          ? `${humanize(state.status)}${state.decidedByName ? ` by ${state.decidedByName}` : ""}${state.decidedAt ? ` ${timeAgo(state.decidedAt)}` : ""}`
                          : "No longer in this view"}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2.5 align-top">
                    {row.confidence !== null ? <ConfidenceMeter value={row.confidence} srLabel="" /> : "—"}
                  </td>
                  <td className="px-3 py-2.5 align-top">{done ? null : <SlaBadge dueAt={row.slaDueAt} />}</td>
                  <td className="px-3 py-2.5 align-top">
                    <StatusBadge status={state?.status ?? row.status} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {list.hasNextPage ? (
        <div className="flex justify-center">
          <Button
            variant="outline"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? "Loading…" : `Load ${queuePageSize} more`}
          </Button>
        </div>
      ) : null}

      <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} shortcuts={queueShortcuts} />
      <RejectDialog
        open={rejectTarget !== null}
        onOpenChange={(open) => {
          if (!open) setRejectTarget(null);
        }}
        title="Reject this proposal"
        description={
          rejectTarget
            ? `${rejectTarget.summary}. Nothing will be changed; the reason is kept in the audit trail.`
            : ""
        }
        busy={reject.isPending}
        onReject={(reason) => {
          if (!rejectTarget) return;
          reject.mutate({ proposalId: rejectTarget.id, expectedVersion: rejectTarget.version, reason });
          rejectedId.current = rejectTarget.id;
          setRejectTarget(null);
        }}
        returnFocus={() => {
          // rejected: on to the next item; cancelled: back to the same one
          if (rejectedId.current) focusNextOpen(rejectedId.current);
          else focusRow(current?.id);
          rejectedId.current = null;
        }}
      />
      {bulk ? (
        <BulkDialog
          request={bulk}
          onClose={(decidedIds) => {
            setBulk(null);
            if (decidedIds.length > 0) {
              setSelected(new Set());
              setDecided((previous) => ({
                ...previous,
                ...Object.fromEntries(
                  decidedIds.map((d) => [d.id, { tone: d.ok ? "done" : "error", text: d.text }]),
                ),
              }));
            }
            requestAnimationFrame(() =>
              current && isOpen(current) ? focusRow(current.id) : current && focusNextOpen(current.id),
            );
          }}
        />
      ) : null}
    </div>
  );
}
