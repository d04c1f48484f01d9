"use client";

import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { Notice } from "@/components/app-shell/notice-alert";
import { PageHeader } from "@/components/app-shell/page-header";
import { isOpenProposalStatus } from "@/contracts/statuses";
import type { EvidenceHighlight } from "@/components/changes/evidence-text";
import { StatusBadge } from "@/components/changes/status-badge";
import { formatDateTime, humanize } from "@/components/format";
import { RejectDialog } from "@/components/review/reject-dialog";
import { ShortcutHelp } from "@/components/review/shortcut-help";
import { useTrailPosition } from "@/components/review/queue-trail";
import { proposalShortcuts, useShortcuts } from "@/components/review/shortcuts";
import { SlaBadge } from "@/components/review/sla-badge";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ApprovalsPanel } from "./approvals-panel";
import { CustomerPanel } from "./customer-panel";
import { DecisionBar } from "./decision-bar";
import { FieldChangeCard } from "./field-change-card";
import { MessagePanel } from "./message-panel";
import { ProposalTimeline } from "./proposal-timeline";
import { DeliveryPanel } from "./delivery-panel";
import { RollbackPanel } from "./rollback-panel";
import { useClaim } from "./use-claim";
import { useInvalidateProposal } from "./use-invalidate-proposal";

type RejectTarget = { kind: "set" } | { kind: "field"; changeId: string; label: string };

export function ProposalView({
  id,
  canDecide,
  canAssign,
}: {
  id: string;
  canDecide: boolean;
  canAssign?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const searchParams = useSearchParams();
  const invalidate = useInvalidateProposal();
  // polled: a decision made elsewhere shows up here within seconds
  const { data } = useSuspenseQuery({ ...trpc.proposal.get.queryOptions({ id }), refetchInterval: 5_000 });
  const { proposal, changes, message, contact } = data;
  const open = isOpenProposalStatus(proposal.status);
  // someone who already approved what stands leaves the item to the second person: no claim
  const claim = useClaim(id, canDecide && open && !data.approvals.youApproved);
  const heldByOther = claim.result?.status === "held_by_other" ? claim.result : null;

  const [activeEvidence, setActiveEvidence] = useState<string | null>(null);
  const firstEditable = changes.find((c) => c.status === "pending" || c.status === "conflict");
  const [editingId, setEditingId] = useState<string | null>(() =>
    searchParams.get("edit") === "1" && canDecide && open ? (firstEditable?.id ?? null) : null,
  );
  const [drafts, setDrafts] = useState<Record<string, unknown>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rejectTarget, setRejectTarget] = useState<RejectTarget | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  const showNotice = (next: Notice) => {
    setNotice(next);
    // the buttons that had focus may be gone now: focus goes to the outcome, never to nowhere
    requestAnimationFrame(() => document.getElementById("decision-outcome")?.focus());
  };
  const errorOf = (error: { message: string; data?: unknown }) => {
    const details = (error.data as { details?: { changeId?: string } | null } | undefined)?.details;
    if (details?.changeId)
      setFieldErrors((previous) => ({ ...previous, [details.changeId as string]: error.message }));
  };

  const approve = useMutation(
    trpc.proposal.approve.mutationOptions({
      onSuccess: async (result) => {
        setDrafts({});
        setEditingId(null);
        if (result.status === "applied")
          showNotice({
            tone: "success",
            title: "Approved and applied",
            text: `${result.applied} change(s) written to the record.`,
          });
        else if (result.status === "conflict")
          showNotice({
            tone: "warning",
            title: "Not applied: the record changed",
            text: "Nothing was written. Review the fresh diff below and decide again.",
          });
        else if (result.status === "partially_applied")
          showNotice({
            tone: "warning",
            title: "Approved; external writes in progress",
            text: `${result.applied} change(s) written here, ${result.sending} being sent to an external system. Their state is shown below.`,
          });
        else if (result.status === "no_op")
          showNotice({
            tone: "success",
            title: "Approved; nothing to change",
            text: "The record already holds these values.",
          });
        else if (result.status === "awaiting_second_approval")
          showNotice({
            tone: "success",
            title: "Approval recorded",
            text: "A second person must approve this change.",
          });
        else
          showNotice({
            tone: "warning",
            title: "Nothing to apply",
            text: `The proposal is ${result.status.replace("_", " ")}.`,
          });
        await invalidate();
      },
      onError: (error) => {
        errorOf(error);
        showNotice({ tone: "destructive", title: "Could not approve", text: error.message });
      },
    }),
  );
  const reject = useMutation(
    trpc.proposal.reject.mutationOptions({
      onSuccess: async () => {
        showNotice({ tone: "success", title: "Rejected", text: "Nothing was changed." });
        await invalidate();
      },
      onError: (error) => showNotice({ tone: "destructive", title: "Could not reject", text: error.message }),
    }),
  );
  const decideField = useMutation(
    trpc.proposal.decideChange.mutationOptions({
      onSuccess: async (result, input) => {
        setDrafts(({ [input.changeId]: _sent, ...rest }) => rest);
        if (result.status === "recorded")
          showNotice({
            tone: "success",
            title: input.decision === "approve" ? "Field approved" : "Field rejected",
            text: "Decide the remaining fields to finish this change set.",
          });
        else if (result.status === "rejected")
          showNotice({
            tone: "success",
            title: "Rejected",
            text: "Every field was rejected; nothing was changed.",
          });
        else if (result.status === "applied")
          showNotice({
            tone: "success",
            title: "Approved and applied",
            text: `${result.applied} approved field(s) written to the record.`,
          });
        else if (result.status === "conflict")
          showNotice({
            tone: "warning",
            title: "Not applied: the record changed",
            text: "Nothing was written. Review the fresh diff and decide again.",
          });
        else
          showNotice({
            tone: "warning",
            title: "Nothing to apply",
            text: `The proposal is ${result.status.replace("_", " ")}.`,
          });
        await invalidate();
      },
      onError: (error) => {
        errorOf(error);
        showNotice({ tone: "destructive", title: "Could not decide the field", text: error.message });
      },
    }),
  );
  const busy = approve.isPending || reject.isPending || decideField.isPending;
  const mayDecide = canDecide && open && !heldByOther;

  const highlights = useMemo<EvidenceHighlight[]>(
    () =>
      message
        ? changes
            .filter(
              (c) =>
                c.evidenceStart !== null &&
                c.evidenceEnd !== null &&
                (c.evidenceEnd ?? 0) <= message.text.length,
            )
            .map((c) => ({
              id: c.id,
              start: c.evidenceStart ?? 0,
              end: c.evidenceEnd ?? 0,
              label: `Evidence for ${c.fieldLabel}`,
            }))
        : [],
    [changes, message],
  );

  const editCount = Object.keys(drafts).length;
  // this person already counts: only an edit (which starts the approvals again) is theirs to add
  const alreadyApproved = data.approvals.youApproved && editCount === 0;

  const approveSet = () => {
    if (!mayDecide || busy || alreadyApproved) return;
    setFieldErrors({});
    approve.mutate({
      proposalId: proposal.id,
      expectedVersion: proposal.version,
      edits: Object.entries(drafts).map(([changeId, value]) => ({ changeId, value })),
    });
  };
  /** evidence → field: select a highlight and its field card takes focus */
  const selectEvidence = (changeId: string) => {
    setActiveEvidence(changeId);
    document.getElementById(`change-${changeId}`)?.focus();
  };
  /** field → evidence: the highlight scrolls into view and takes focus */
  const showEvidence = (changeId: string) => {
    setActiveEvidence(changeId);
    const mark = document.getElementById(`evidence-${changeId}`);
    mark?.scrollIntoView({ block: "center" });
    mark?.focus();
  };

  const trail = useTrailPosition(proposal.id);
  const queueHref = trail?.href ?? "/queue";
  const goTo = (id: string | null | undefined) => {
    if (id) router.push(`/proposals/${id}`);
  };

  useShortcuts({
    j: () => goTo(trail?.nextId),
    k: () => goTo(trail?.previousId),
    a: approveSet,
    r: () => {
      if (mayDecide) setRejectTarget({ kind: "set" });
    },
    e: () => {
      if (mayDecide && firstEditable) setEditingId(firstEditable.id);
    },
    Escape: () => {
      if (editingId) return setEditingId(null);
      router.push(queueHref);
    },
    "?": () => setHelpOpen(true),
  });

  return (
    <div className="space-y-5">
      <PageHeader
        title={proposal.summary}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={proposal.status} />
            {proposal.kind === "rollback" ? <Badge variant="outline">Rollback</Badge> : null}
            {open ? <SlaBadge dueAt={proposal.slaDueAt} /> : null}
            <span>
              {contact ? (
                <Link
                  className="font-medium text-foreground hover:underline"
                  href={`/customers/${contact.id}`}
                >
                  {contact.name}
                </Link>
              ) : (
                "No customer"
              )}
            </span>
            <span>
              · routed by policy v{proposal.policyVersion ?? "–"}: {humanize(proposal.routeRule)}
            </span>
            {proposal.requiredApprovals > 1 ? <Badge variant="outline">Needs 2 approvals</Badge> : null}
          </span>
        }
        actions={
          <>
            <Button variant="ghost" size="sm" onClick={() => setHelpOpen(true)}>
              Shortcuts <span className="sr-only">(question mark)</span>
            </Button>
            {trail && trail.index >= 0 ? (
              <nav aria-label="Queue" className="flex items-center gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={!trail.previousId}
                  onClick={() => goTo(trail.previousId)}
                >
                  <ChevronLeftIcon aria-hidden="true" />
                  Previous <span className="sr-only">(k)</span>
                </Button>
                <span className="text-sm text-muted-foreground tabular-nums" data-testid="trail-position">
                  {trail.index + 1} of {trail.total}
                </span>
                <Button variant="ghost" size="sm" disabled={!trail.nextId} onClick={() => goTo(trail.nextId)}>
                  Next <span className="sr-only">(j)</span>
                  <ChevronRightIcon aria-hidden="true" />
                </Button>
              </nav>
            ) : null}
            <Button variant="outline" asChild>
              <Link href={queueHref}>Back to queue</Link>
            </Button>
          </>
        }
      />

      {heldByOther ? (
        <Alert data-testid="claim-banner">
          <AlertTitle>{heldByOther.holderName} is working on this</AlertTitle>
          <AlertDescription>
            Their claim runs until {heldByOther.expiresAt ? formatDateTime(heldByOther.expiresAt) : "soon"}.
            You can look; deciding waits until they are done or the claim expires.
            <Button variant="link" size="sm" className="h-auto px-0" onClick={claim.retry}>
              Check again
            </Button>
          </AlertDescription>
        </Alert>
      ) : claim.result?.status === "claimed" && open ? (
        <p className="text-xs text-muted-foreground" data-testid="claim-mine">
          You have this item until {formatDateTime(claim.result.expiresAt)}; others see that you are on it.
        </p>
      ) : null}
      {proposal.status === "escalated" && proposal.escalationReason ? (
        <Alert>
          <AlertTitle>Escalated to the leads</AlertTitle>
          <AlertDescription>{proposal.escalationReason}</AlertDescription>
        </Alert>
      ) : null}

      {proposal.status === "conflict" && proposal.conflicts?.length ? (
        <Alert variant="destructive" data-testid="conflict-alert">
          <AlertTitle>The record changed after this was proposed</AlertTitle>
          <AlertDescription>
            <ul className="mt-1 list-disc pl-5">
              {proposal.conflicts.map((c) => (
                <li key={`${c.recordId}-${c.field}`}>
                  {humanize(c.field)} was expected to be “{renderPlain(c.expectedValue)}” but is now “
                  {renderPlain(c.currentValue)}” (changed{" "}
                  {c.changedAt ? formatDateTime(new Date(c.changedAt)) : "recently"}
                  {c.changedBy ? ` by ${c.changedBy}` : ""}). The diff below is against the current value.
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)] xl:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)_minmax(0,0.8fr)]">
        <MessagePanel
          message={message}
          highlights={highlights}
          activeEvidence={activeEvidence}
          onSelectEvidence={selectEvidence}
        />

        <div className="space-y-4">
          {changes.map((change) => (
            <FieldChangeCard
              key={change.id}
              change={change}
              active={activeEvidence === change.id}
              editing={editingId === change.id}
              draft={change.id in drafts ? drafts[change.id] : undefined}
              error={fieldErrors[change.id] ?? null}
              canDecide={mayDecide}
              perField={changes.length > 1}
              busy={busy}
              onActivate={() => setActiveEvidence(change.id)}
              onShowEvidence={() => showEvidence(change.id)}
              onStartEdit={() => setEditingId(change.id)}
              onDraftChange={(value) => setDrafts((previous) => ({ ...previous, [change.id]: value }))}
              onStopEdit={() => {
                setEditingId(null);
                requestAnimationFrame(() => document.getElementById(`change-${change.id}`)?.focus());
              }}
              onDiscardEdit={() => {
                setDrafts(({ [change.id]: _discarded, ...rest }) => rest);
                setEditingId(null);
                requestAnimationFrame(() => document.getElementById(`change-${change.id}`)?.focus());
              }}
              onApproveField={() =>
                decideField.mutate({
                  proposalId: proposal.id,
                  changeId: change.id,
                  expectedVersion: proposal.version,
                  decision: "approve",
                  ...(change.id in drafts ? { value: drafts[change.id] } : {}),
                })
              }
              onRejectField={() =>
                setRejectTarget({ kind: "field", changeId: change.id, label: change.fieldLabel })
              }
            />
          ))}

          <div
            id="decision-outcome"
            tabIndex={-1}
            className="rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            {notice ? (
              <Alert
                variant={notice.tone === "destructive" ? "destructive" : "default"}
                role="status"
                data-testid="decision-notice"
              >
                <AlertTitle>{notice.title}</AlertTitle>
                <AlertDescription>
                  {notice.text}
                  {!open ? (
                    <Link href="/queue" className="font-medium text-foreground underline underline-offset-2">
                      Back to the queue
                    </Link>
                  ) : null}
                </AlertDescription>
              </Alert>
            ) : null}
          </div>

          <ApprovalsPanel approvals={data.approvals} open={open} />

          {canDecide && open ? (
            <DecisionBar
              proposalId={proposal.id}
              version={proposal.version}
              status={proposal.status}
              editCount={editCount}
              busy={busy}
              blocked={Boolean(heldByOther)}
              approveBlocked={alreadyApproved}
              canAssign={Boolean(canAssign)}
              assignedTo={proposal.assignedTo}
              onApprove={approveSet}
              onReject={() => setRejectTarget({ kind: "set" })}
              onNotice={showNotice}
            />
          ) : null}
          {!open ? (
            <p className="text-sm text-muted-foreground" data-testid="decided-note">
              This proposal is {humanize(proposal.status).toLowerCase()}
              {proposal.decidedAt ? ` since ${formatDateTime(proposal.decidedAt)}` : ""}.
            </p>
          ) : null}
        </div>

        <div className="lg:col-span-2 xl:col-span-1">
          <CustomerPanel proposalId={proposal.id} contact={contact} />
        </div>
      </div>

      {/* rollback and delivery state (server/apply, owned by the apply engine) */}
      <RollbackPanel proposalId={proposal.id} />
      <DeliveryPanel proposalId={proposal.id} />
      <ProposalTimeline events={data.events} />

      <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} shortcuts={proposalShortcuts} />
      <RejectDialog
        open={rejectTarget !== null}
        onOpenChange={(next) => {
          if (!next) setRejectTarget(null);
        }}
        title={rejectTarget?.kind === "field" ? `Reject ${rejectTarget.label} only` : "Reject this proposal"}
        description={
          rejectTarget?.kind === "field"
            ? "This field will not be written; the other fields are decided on their own."
            : "Nothing will be changed. The reason is kept in the audit trail."
        }
        busy={busy}
        onReject={(reason) => {
          if (rejectTarget?.kind === "field") {
            decideField.mutate({
              proposalId: proposal.id,
              changeId: rejectTarget.changeId,
              expectedVersion: proposal.version,
              decision: "reject",
              reason,
            });
          } else {
            reject.mutate({ proposalId: proposal.id, expectedVersion: proposal.version, reason });
          }
          setRejectTarget(null);
        }}
      />
    </div>
  );
}

function renderPlain(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (typeof value === "object")
    return Object.values(value as Record<string, unknown>)
      .filter(Boolean)
      .map(String)
      .join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}
