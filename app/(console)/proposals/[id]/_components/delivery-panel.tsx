"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/changes/status-badge";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

type Action = "retry" | "force" | "skip";

/** Delivery state of the outbox items a change set made: writes to external systems and customer notices. */
export function DeliveryPanel({ proposalId }: { proposalId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...trpc.change.state.queryOptions({ proposalId }), refetchInterval: 5_000 });
  const [actions, setActions] = useState<Record<string, Action>>({});
  const [error, setError] = useState<string | null>(null);
  const retry = useMutation(
    trpc.change.retryPartial.mutationOptions({
      onSuccess: async () => {
        setError(null);
        setActions({});
        await Promise.all([
          queryClient.invalidateQueries(trpc.change.pathFilter()),
          queryClient.invalidateQueries(trpc.proposal.pathFilter()),
        ]);
      },
      onError: (e) => setError(e.message),
    }),
  );
  if (!data || (data.external.length === 0 && data.notices.length === 0)) return null;
  const { proposal, external, notices, canRollBack } = data;
  const unfinished = external.filter((e) => e.status === "failed" || e.status === "conflict");
  const needsChoice = unfinished.some(
    (e) => e.status === "conflict" && (actions[e.changeId] ?? "retry") === "retry",
  );

  return (
    <Card data-testid="delivery-panel">
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Deliveries</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {proposal.status === "partially_applied" ? (
          <Alert variant={unfinished.length > 0 ? "destructive" : "default"} data-testid="partial-alert">
            <AlertTitle>Partially applied</AlertTitle>
            <AlertDescription>
              {unfinished.length > 0
                ? "Changes to our own stores are written. Some writes to external systems failed or met a newer value there; nothing was undone. Retry them, force them, or skip them."
                : "Changes to our own stores are written; the external writes below are on their way and are retried automatically."}
            </AlertDescription>
          </Alert>
        ) : null}
        {error ? (
          <p className="text-destructive" role="alert">
            {error}
          </p>
        ) : null}

        {external.length > 0 ? (
          <ul className="divide-y rounded-md border">
            {external.map((e) => (
              <li
                key={e.changeId}
                className="flex flex-wrap items-start justify-between gap-3 p-3"
                data-testid="external-write"
              >
                <div className="min-w-0 space-y-1">
                  <div className="font-medium">
                    {e.fieldLabel}{" "}
                    <span className="font-normal text-muted-foreground">
                      · {e.recordLabel} in {e.store}
                    </span>
                    {e.forced ? (
                      <Badge variant="outline" className="ml-2">
                        forced
                      </Badge>
                    ) : null}
                  </div>
                  <p className="text-xs text-muted-foreground">
                    {e.attempts} attempt{e.attempts === 1 ? "" : "s"}
                    {e.sentAt ? ` · written ${formatDateTime(e.sentAt)}` : ""}
                  </p>
                  {e.lastError && e.status !== "applied" ? (
                    <p className="text-destructive">{e.lastError}</p>
                  ) : null}
                </div>
                <div className="flex shrink-0 flex-col items-end gap-2">
                  <StatusBadge status={e.status} />
                  {canRollBack &&
                  (e.status === "failed" || e.status === "conflict") &&
                  proposal.status === "partially_applied" ? (
                    <Select
                      value={actions[e.changeId] ?? (e.status === "conflict" ? undefined : "retry")}
                      onValueChange={(v) => setActions((prev) => ({ ...prev, [e.changeId]: v as Action }))}
                    >
                      <SelectTrigger
                        size="sm"
                        aria-label={`What to do with ${e.fieldLabel}`}
                        className="w-48"
                      >
                        <SelectValue placeholder="Choose…" />
                      </SelectTrigger>
                      <SelectContent>
                        {e.status === "failed" ? <SelectItem value="retry">Send again</SelectItem> : null}
                        <SelectItem value="force">Overwrite their value (force)</SelectItem>
                        <SelectItem value="skip">Skip: keep their value</SelectItem>
                      </SelectContent>
                    </Select>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        {canRollBack && unfinished.length > 0 && proposal.status === "partially_applied" ? (
          <Button
            disabled={retry.isPending || needsChoice}
            onClick={() =>
              retry.mutate({
                proposalId: proposal.id,
                actions: unfinished.map((e) => ({
                  changeId: e.changeId,
                  action: actions[e.changeId] ?? "retry",
                })),
              })
            }
          >
            Retry the unfinished writes
          </Button>
        ) : null}

        {notices.length > 0 ? (
          <div className="space-y-2">
            <p className="text-xs font-medium text-muted-foreground uppercase">Customer notices</p>
            {notices.map((n) => (
              <details key={n.id} className="rounded-md border p-3" data-testid="notice">
                <summary className="flex cursor-pointer flex-wrap items-center gap-2">
                  <NoticeState status={n.status} kept={n.kept} />
                  <span className="font-medium">{n.payload.subject ?? "Notice"}</span>
                  <span className="text-muted-foreground">
                    to {n.recipient} via {n.channel}
                    {n.sentAt
                      ? ` · sent ${formatDateTime(n.sentAt)}`
                      : ` · queued ${formatDateTime(n.createdAt)}`}
                  </span>
                </summary>
                <pre className="mt-2 font-sans text-sm whitespace-pre-wrap">{n.payload.body}</pre>
                {n.lastError ? <p className="mt-1 text-muted-foreground">{n.lastError}</p> : null}
              </details>
            ))}
            <Link href="/outbox" className="text-xs underline underline-offset-2">
              All notices and deliveries
            </Link>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

const deliveryStyles = {
  sent: { label: "Sent", tone: "border-emerald-200 bg-emerald-50 text-emerald-800" },
  kept: { label: "Kept in outbox", tone: "border-slate-300 bg-slate-50 text-slate-700" },
  pending: { label: "Sending", tone: "border-blue-200 bg-blue-50 text-blue-800" },
  failed: { label: "Failed", tone: "border-red-300 bg-red-50 text-red-800" },
  dead: { label: "Gave up", tone: "border-red-300 bg-red-50 text-red-800" },
} as const;

/** The delivery state of one outbox item; "kept" is a notice waiting because no transport is configured. */
export function NoticeState({
  status,
  kept,
}: {
  status: "pending" | "sent" | "failed" | "dead";
  kept: boolean;
}) {
  const style = deliveryStyles[kept ? "kept" : status];
  return (
    <Badge
      variant="outline"
      data-status={kept ? "kept" : status}
      className={`rounded-full font-medium ${style.tone}`}
    >
      {style.label}
    </Badge>
  );
}
