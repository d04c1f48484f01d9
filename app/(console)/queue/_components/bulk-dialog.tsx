"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import type { RouterInputs, RouterOutputs } from "@/components/trpc-types";

type BulkInput = RouterInputs["review"]["bulkDecide"];
type BulkOutcome = RouterOutputs["review"]["bulkDecide"]["results"][number]["outcome"];

/** What the queue asks to decide; the dialog adds the reason and the filter count the person confirms. */
export type BulkRequest = {
  action: BulkInput["action"];
  target:
    | Extract<BulkInput["target"], { kind: "selection" }>
    | Omit<Extract<BulkInput["target"], { kind: "filter" }>, "expectedCount">;
};

const bulkLimit = 500;
const number = new Intl.NumberFormat("en");
const outcomeLabels: Record<BulkOutcome, string> = {
  applied: "Applied",
  approval_recorded: "Approval recorded",
  rejected: "Rejected",
  conflict: "Conflict",
  already_decided: "Already decided",
  claimed: "Claimed by someone",
  changed: "Changed meanwhile",
  failed: "Failed",
};
const succeeded = new Set<BulkOutcome>(["applied", "approval_recorded", "rejected"]);

/**
 * Confirms a bulk decision with the exact count, runs it, then lists every item's outcome:
 * partial failures (conflicts, items decided or claimed meanwhile) are shown, never hidden.
 */
export function BulkDialog({
  request,
  onClose,
}: {
  request: BulkRequest;
  onClose: (decided: { id: string; ok: boolean; text: string }[]) => void;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [confirmedCount, setConfirmedCount] = useState<number | null>(null);
  const counts = useQuery({
    ...trpc.review.counts.queryOptions(
      request.target.kind === "filter" ? request.target.filter : { status: "open", sort: "sla" },
    ),
    enabled: request.target.kind === "filter",
  });
  const run = useMutation(
    trpc.review.bulkDecide.mutationOptions({
      onError: (error) => {
        const details =
          error.data && "details" in error.data ? (error.data.details as { count?: number } | null) : null;
        if (typeof details?.count === "number") setConfirmedCount(details.count);
      },
    }),
  );
  const count =
    request.target.kind === "selection"
      ? request.target.items.length
      : (confirmedCount ?? counts.data?.total ?? null);
  const verb = request.action === "approve" ? "Approve" : "Reject";
  const results = run.data?.results;
  const okCount = results?.filter((r) => succeeded.has(r.outcome)).length ?? 0;

  const submit = () => {
    if (count === null) return;
    run.mutate({
      action: request.action,
      reason: request.action === "reject" ? reason.trim() : undefined,
      target:
        request.target.kind === "selection"
          ? request.target
          : { kind: "filter", filter: request.target.filter, expectedCount: count },
    });
  };
  const close = () =>
    onClose(
      (results ?? []).map((r) => ({
        id: r.proposalId,
        ok: succeeded.has(r.outcome),
        text: `${outcomeLabels[r.outcome]}: ${r.message}`,
      })),
    );

  return (
    <Dialog open onOpenChange={(open) => !open && !run.isPending && close()}>
      <DialogContent className="sm:max-w-xl" data-testid="bulk-dialog">
        {results ? (
          <>
            <DialogHeader>
              <DialogTitle>
                {okCount} of {results.length} {request.action === "approve" ? "approved" : "rejected"}
              </DialogTitle>
              <DialogDescription>
                {okCount === results.length
                  ? "Every item was decided and audited on its own."
                  : "Some items could not be decided; they are listed with the reason and stay in the queue."}
              </DialogDescription>
            </DialogHeader>
            <ul
              className="max-h-80 divide-y overflow-y-auto rounded-md border text-sm"
              data-testid="bulk-results"
              aria-label="Result per item"
            >
              {results.map((result) => (
                <li
                  key={result.proposalId}
                  className="flex items-start justify-between gap-3 px-3 py-2"
                  data-outcome={result.outcome}
                >
                  <div className="min-w-0">
                    <Link href={`/proposals/${result.proposalId}`} className="font-medium hover:underline">
                      {result.summary}
                    </Link>
                    <p className="text-xs text-muted-foreground">{result.message}</p>
                  </div>
                  <span
                    className={cn(
                      "shrink-0 rounded-md px-1.5 py-0.5 text-xs font-medium",
                      succeeded.has(result.outcome)
                        ? "bg-emerald-100 text-emerald-900"
                        : "bg-amber-100 text-amber-900",
                    )}
                  >
                    {outcomeLabels[result.outcome]}
                  </span>
                </li>
              ))}
            </ul>
            <DialogFooter>
              <Button onClick={close} autoFocus>
                Done
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <DialogHeader>
              <DialogTitle data-testid="bulk-title">
                {count === null
                  ? `${verb} all matching items?`
                  : `${verb} ${number.format(count)} ${count === 1 ? "item" : "items"}?`}
              </DialogTitle>
              <DialogDescription>
                {request.target.kind === "filter"
                  ? "Every item matching the current filters. "
                  : "The items you selected. "}
                Each one is decided in its own transaction with its own audit entry
                {request.action === "approve" ? ", and applied to the record right away" : ""}. Items that
                changed or were decided meanwhile are skipped and listed.
              </DialogDescription>
            </DialogHeader>
            {count !== null && count > bulkLimit ? (
              <Alert variant="destructive">
                <AlertDescription>
                  At most {bulkLimit} items at a time: narrow the filters first.
                </AlertDescription>
              </Alert>
            ) : null}
            {count === 0 ? (
              <Alert>
                <AlertDescription>Nothing matches these filters.</AlertDescription>
              </Alert>
            ) : null}
            {request.action === "reject" ? (
              <div className="space-y-1.5">
                <Label htmlFor="bulk-reason">Reason (kept with each item)</Label>
                <Textarea
                  id="bulk-reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  rows={2}
                  autoFocus
                />
              </div>
            ) : null}
            {run.error ? (
              <Alert variant="destructive" role="alert">
                <AlertDescription>{run.error.message}</AlertDescription>
              </Alert>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={close} disabled={run.isPending}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant={request.action === "reject" ? "destructive" : "default"}
                autoFocus={request.action === "approve"}
                disabled={
                  run.isPending ||
                  count === null ||
                  count === 0 ||
                  count > bulkLimit ||
                  (request.action === "reject" && reason.trim().length < 3)
                }
              >
                {run.isPending
                  ? `Deciding ${count ?? ""} items…`
                  : count === null
                    ? "Counting…"
                    : `${verb} ${number.format(count)}`}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
