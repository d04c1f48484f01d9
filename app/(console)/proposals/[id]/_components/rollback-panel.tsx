"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Notice } from "@/components/app-shell/notice-alert";
import { StatusBadge, rolledBack } from "@/components/changes/status-badge";
import { ValueDiff } from "@/components/changes/value-diff";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

type Target = { kind: "set" } | { kind: "field"; appliedChangeId: string; label: string };

/**
 * Roll back an applied change set or one field of it, see what each field's rollback state is,
 * and resolve a rollback's conflicts field by field (keep the newer value, or force the old one).
 */
export function RollbackPanel({ proposalId }: { proposalId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...trpc.change.state.queryOptions({ proposalId }), refetchInterval: 5_000 });
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState("");
  const [choices, setChoices] = useState<Record<string, "skip" | "force">>({});
  const [message, setMessage] = useState<Notice | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.change.pathFilter()),
      queryClient.invalidateQueries(trpc.proposal.pathFilter()),
    ]);

  const rollBack = useMutation(
    trpc.change.rollBack.mutationOptions({
      onSuccess: async (result) => {
        const status = result.outcome.status;
        setMessage(
          status === "conflict"
            ? {
                tone: "destructive",
                title: "Rollback stopped at a conflict",
                text: "Some fields changed since. Open the rollback to keep or force each one.",
              }
            : status === "partially_applied"
              ? {
                  tone: "success",
                  title: "Rollback on its way",
                  text: "Our own stores are restored; the writes to external systems are being sent. Open the rollback to follow them.",
                }
              : {
                  tone: "success",
                  title: "Rolled back",
                  text: "The old values are back; the customer gets a correction notice.",
                },
        );
        await refresh();
      },
      onError: (error) =>
        setMessage({ tone: "destructive", title: "Could not roll back", text: error.message }),
    }),
  );
  const resolve = useMutation(
    trpc.change.resolveRollback.mutationOptions({
      onSuccess: async () => {
        setMessage({
          tone: "success",
          title: "Rollback finished",
          text: "Skipped fields keep their newer value; forced ones were restored.",
        });
        setChoices({});
        await refresh();
      },
      onError: (error) =>
        setMessage({ tone: "destructive", title: "Could not finish the rollback", text: error.message }),
    }),
  );

  if (!data) return null;
  const { proposal, applied, rollbacks, rollsBack, conflicts, canRollBack } = data;
  const rollbackLink = (id: string) => (
    <Link className="font-medium underline underline-offset-2" href={`/proposals/${id}`}>
      rollback {id.slice(0, 8)}
    </Link>
  );
  const standing = applied.filter((a) => !a.rolledBackByProposalId);
  const canStart =
    canRollBack &&
    (proposal.status === "applied" || proposal.status === "partially_applied") &&
    standing.length > 0;
  if (applied.length === 0 && conflicts.length === 0 && !rollsBack) return null;

  return (
    <Card data-testid="rollback-panel">
      <CardHeader className="pb-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle className="text-base">
            {proposal.kind === "rollback" ? "Rollback" : "Applied changes"}
          </CardTitle>
          {canStart ? (
            <Button
              variant="outline"
              size="sm"
              onClick={() => setTarget({ kind: "set" })}
              disabled={rollBack.isPending}
            >
              Roll back {standing.length > 1 ? `all ${standing.length} fields` : "this change"}…
            </Button>
          ) : null}
        </div>
        {rollsBack ? (
          <p className="text-sm text-muted-foreground">
            Undoes{" "}
            <Link
              className="font-medium text-foreground underline underline-offset-2"
              href={`/proposals/${rollsBack.id}`}
            >
              {rollsBack.summary}
            </Link>
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {message ? (
          <Alert variant={message.tone === "destructive" ? "destructive" : "default"} role="status">
            <AlertTitle>{message.title}</AlertTitle>
            <AlertDescription>{message.text}</AlertDescription>
          </Alert>
        ) : null}

        {conflicts.length > 0 ? (
          <div
            className="space-y-3 rounded-md border border-orange-300 bg-orange-50/60 p-3"
            data-testid="rollback-conflicts"
          >
            <p className="font-medium">
              These fields changed after the original change. For each, keep what is there now or restore the
              old value anyway.
            </p>
            {conflicts.map((c) => (
              <fieldset key={c.changeId} className="space-y-2 rounded-md border bg-card p-3">
                <legend className="px-1 font-medium">
                  {c.fieldLabel} <span className="font-normal text-muted-foreground">· {c.recordLabel}</span>
                </legend>
                <ValueDiff current={c.currentValue} proposed={c.restoreValue} type={c.type} />
                <div
                  className="flex flex-wrap gap-2"
                  role="radiogroup"
                  aria-label={`What to do with ${c.fieldLabel}`}
                >
                  {(["skip", "force"] as const).map((action) => (
                    <Button
                      key={action}
                      size="sm"
                      role="radio"
                      aria-checked={choices[c.changeId] === action}
                      variant={choices[c.changeId] === action ? "default" : "outline"}
                      onClick={() => setChoices((prev) => ({ ...prev, [c.changeId]: action }))}
                    >
                      {action === "skip" ? "Keep the current value" : "Restore the old value (force)"}
                    </Button>
                  ))}
                </div>
              </fieldset>
            ))}
            {canRollBack ? (
              <Button
                disabled={resolve.isPending || conflicts.some((c) => !choices[c.changeId])}
                onClick={() =>
                  resolve.mutate({
                    proposalId: proposal.id,
                    expectedVersion: proposal.version,
                    resolutions: conflicts.map((c) => ({
                      changeId: c.changeId,
                      action: choices[c.changeId] ?? "skip",
                    })),
                  })
                }
              >
                Finish the rollback
              </Button>
            ) : (
              <p className="text-muted-foreground">A lead or admin decides this.</p>
            )}
          </div>
        ) : null}

        {applied.length > 0 ? (
          <ul className="divide-y rounded-md border">
            {applied.map((a) => (
              <li
                key={a.id}
                className="flex flex-wrap items-start justify-between gap-3 p-3"
                data-testid="applied-change"
              >
                <div className="min-w-0 space-y-1">
                  <div className="font-medium">
                    {a.fieldLabel}{" "}
                    <span className="font-normal text-muted-foreground">· {a.recordLabel}</span>
                    {a.store ? <span className="ml-1 text-xs text-muted-foreground">({a.store})</span> : null}
                  </div>
                  <ValueDiff current={a.oldValue} proposed={a.newValue} type={a.type} />
                  <p className="text-xs text-muted-foreground">Applied {formatDateTime(a.appliedAt)}</p>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-2">
                  {a.rolledBackByProposalId ? (
                    <>
                      <StatusBadge status={rolledBack} />
                      <span className="text-xs text-muted-foreground">
                        by {rollbackLink(a.rolledBackByProposalId)}
                        {a.rolledBackAt ? ` · ${formatDateTime(a.rolledBackAt)}` : ""}
                      </span>
                    </>
                  ) : (
                    <>
                      <Badge variant="outline">Standing</Badge>
                      {canStart && applied.length > 1 ? (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() =>
                            setTarget({ kind: "field", appliedChangeId: a.id, label: a.fieldLabel })
                          }
                        >
                          Roll back this field…
                        </Button>
                      ) : null}
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        ) : null}

        {rollbacks.length > 0 ? (
          <div className="space-y-1">
            <p className="text-xs font-medium text-muted-foreground uppercase">
              Rollbacks of this change set
            </p>
            {rollbacks.map((r) => (
              <div key={r.id} className="flex items-center gap-2">
                <StatusBadge status={r.status} />
                {rollbackLink(r.id)}
                <span className="text-xs text-muted-foreground">{formatDateTime(r.createdAt)}</span>
              </div>
            ))}
          </div>
        ) : null}
      </CardContent>

      <AlertDialog open={target !== null} onOpenChange={(open) => (open ? null : setTarget(null))}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {target?.kind === "field" ? `Roll back ${target.label}?` : "Roll back this change set?"}
            </AlertDialogTitle>
            <AlertDialogDescription>
              The old values are written back through the same checks as any change: a field that someone
              changed since is not overwritten, it is shown to you to keep or force. The customer gets a
              correction notice.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <div className="space-y-1">
            <Label htmlFor="rollback-reason">Reason (kept in the audit trail)</Label>
            <Textarea
              id="rollback-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. the customer says this was not them"
            />
          </div>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              onClick={() => {
                if (!target) return;
                rollBack.mutate({
                  proposalId: proposal.id,
                  appliedChangeIds: target.kind === "field" ? [target.appliedChangeId] : undefined,
                  reason: reason.trim() || undefined,
                });
                setTarget(null);
                setReason("");
              }}
            >
              Roll back
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
