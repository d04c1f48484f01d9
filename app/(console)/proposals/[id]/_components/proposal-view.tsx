"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { PageHeader } from "@/components/app-shell/page-header";
import { ConfidenceMeter } from "@/components/changes/confidence-meter";
import { EvidenceText, type EvidenceHighlight } from "@/components/changes/evidence-text";
import { FieldValue } from "@/components/changes/field-value";
import { StatusBadge } from "@/components/changes/status-badge";
import { ValueDiff } from "@/components/changes/value-diff";
import { formatDateTime, humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DecisionBar } from "./decision-bar";
import { ProposalTimeline } from "./proposal-timeline";

export function ProposalView({ id, canDecide }: { id: string; canDecide: boolean }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.proposal.get.queryOptions({ id }));
  const { proposal, changes, message, contact } = data;
  const [activeEvidence, setActiveEvidence] = useState<string | null>(null);

  const highlights = useMemo<EvidenceHighlight[]>(
    () =>
      message
        ? changes
            .filter((c) => c.evidenceStart !== null && c.evidenceEnd !== null && (c.evidenceEnd ?? 0) <= message.text.length)
            .map((c) => ({ id: c.id, start: c.evidenceStart ?? 0, end: c.evidenceEnd ?? 0, label: `Evidence for ${c.fieldLabel}` }))
        : [],
    [changes, message],
  );
  const open = proposal.status === "pending_review" || proposal.status === "escalated" || proposal.status === "conflict";

  return (
    <div className="space-y-5">
      <PageHeader
        title={proposal.summary}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={proposal.status} />
            {proposal.kind === "rollback" ? <Badge variant="outline">Rollback</Badge> : null}
            <span>
              {contact ? (
                <Link className="font-medium text-foreground hover:underline" href={`/customers/${contact.id}`}>
                  {contact.name}
                </Link>
              ) : (
                "No customer"
              )}
            </span>
            <span>· routed by policy v{proposal.policyVersion ?? "–"}: {humanize(proposal.routeRule)}</span>
            {proposal.requiredApprovals > 1 ? <Badge variant="outline">Needs 2 approvals</Badge> : null}
          </span>
        }
        actions={
          <Button variant="outline" asChild>
            <Link href="/queue">Back to queue</Link>
          </Button>
        }
      />

      {proposal.status === "conflict" && proposal.conflicts?.length ? (
        <Alert variant="destructive" data-testid="conflict-alert">
          <AlertTitle>The record changed after this was proposed</AlertTitle>
          <AlertDescription>
            <ul className="mt-1 list-disc pl-5">
              {proposal.conflicts.map((c) => (
                <li key={`${c.recordId}-${c.field}`}>
                  {humanize(c.field)} was expected to be “{String(renderPlain(c.expectedValue))}” but is now “
                  {String(renderPlain(c.currentValue))}” (changed {c.changedAt ? formatDateTime(new Date(c.changedAt)) : "recently"}
                  {c.changedBy ? ` by ${c.changedBy}` : ""}). The diff below is against the current value.
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{message?.subject ?? "Message"}</CardTitle>
            {message ? (
              <p className="text-sm text-muted-foreground">
                From {message.sender} via {message.channel} · {formatDateTime(message.receivedAt)}
              </p>
            ) : null}
          </CardHeader>
          <CardContent>
            {message ? (
              <EvidenceText
                text={message.text}
                highlights={highlights}
                activeId={activeEvidence}
                onSelect={setActiveEvidence}
                className="text-sm leading-relaxed"
              />
            ) : (
              <p className="text-sm text-muted-foreground">This change set was not proposed from a message.</p>
            )}
          </CardContent>
        </Card>

        <div className="space-y-4">
          {changes.map((change) => (
            <Card
              key={change.id}
              data-testid="proposed-change"
              className={activeEvidence === change.id ? "ring-2 ring-ring" : undefined}
              onMouseEnter={() => setActiveEvidence(change.id)}
            >
              <CardHeader className="pb-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <CardTitle className="text-sm">
                    {change.fieldLabel} <span className="font-normal text-muted-foreground">· {change.recordLabel}</span>
                  </CardTitle>
                  <div className="flex items-center gap-2">
                    {change.confidence !== null ? <ConfidenceMeter value={change.confidence} /> : null}
                    <StatusBadge status={changeStatusForBadge(change.status)} />
                  </div>
                </div>
              </CardHeader>
              <CardContent className="space-y-2 text-sm">
                <ValueDiff current={change.baseValue} proposed={change.editedValue ?? change.proposedValue} type={change.fieldType} />
                {change.editedValue !== null ? (
                  <p className="text-xs text-muted-foreground">
                    Edited by a reviewer; proposed was <FieldValue value={change.proposedValue} type={change.fieldType} />
                  </p>
                ) : null}
                {change.rationale ? <p className="text-muted-foreground">{change.rationale}</p> : null}
                <p className="text-xs text-muted-foreground">
                  Rule: {humanize(change.routeRule)} · risk {change.risk}
                  {change.evidenceStart !== null ? (
                    <>
                      {" · "}
                      <button type="button" className="underline underline-offset-2" onClick={() => setActiveEvidence(change.id)}>
                        show evidence
                      </button>
                    </>
                  ) : null}
                </p>
              </CardContent>
            </Card>
          ))}
          {canDecide && open ? <DecisionBar proposalId={proposal.id} version={proposal.version} /> : null}
          {!open ? (
            <p className="text-sm text-muted-foreground" data-testid="decided-note">
              This proposal is {humanize(proposal.status).toLowerCase()}
              {proposal.decidedAt ? ` since ${formatDateTime(proposal.decidedAt)}` : ""}.
            </p>
          ) : null}
        </div>
      </div>

      <ProposalTimeline events={data.events} />
    </div>
  );
}

function renderPlain(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).filter(Boolean).map(String).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

function changeStatusForBadge(status: string) {
  const map = { pending: "pending_review", approved: "approved", rejected: "rejected", applied: "applied", conflict: "conflict", no_op: "declined", superseded: "superseded", skipped: "declined" } as const;
  return map[status as keyof typeof map] ?? "pending_review";
}
