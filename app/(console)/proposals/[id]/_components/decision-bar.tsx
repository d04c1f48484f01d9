"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Notice } from "@/components/app-shell/notice-alert";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useInvalidateProposal } from "./use-invalidate-proposal";

/**
 * The set-level decisions: approve (with the edits made above), reject, escalate to a lead, and
 * for leads, assign. Approve and reject run in the page (keyboard a / r); escalate and assign here.
 */
export function DecisionBar({
  proposalId,
  version,
  status,
  editCount,
  busy,
  blocked,
  approveBlocked = false,
  canAssign,
  assignedTo,
  onApprove,
  onReject,
  onNotice,
}: {
  proposalId: string;
  version: number;
  status: string;
  editCount: number;
  busy: boolean;
  /** someone else's live claim: deciding would be refused */
  blocked: boolean;
  /** the viewer already approved what stands: a second person must (the approvals panel says so) */
  approveBlocked?: boolean;
  canAssign: boolean;
  assignedTo: string | null;
  onApprove: () => void;
  onReject: () => void;
  onNotice: (notice: Notice) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateProposal();
  const [escalateOpen, setEscalateOpen] = useState(false);
  const [escalateReason, setEscalateReason] = useState("");
  const escalate = useMutation(
    trpc.proposal.escalate.mutationOptions({
      onSuccess: async () => {
        setEscalateOpen(false);
        onNotice({
          tone: "success",
          title: "Escalated to the leads",
          text: "It is out of your hands and counted in the leads' navigation.",
        });
        await invalidate();
      },
      onError: (error) => onNotice({ tone: "destructive", title: "Could not escalate", text: error.message }),
    }),
  );

  return (
    <Card>
      <CardContent className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={busy || blocked || approveBlocked} onClick={onApprove}>
            {editCount > 0 ? `Approve with ${editCount} edit${editCount > 1 ? "s" : ""}` : "Approve"}
            <Kbd className="ml-1 border-primary-foreground/30 bg-primary-foreground/15 text-primary-foreground">
              a
            </Kbd>
          </Button>
          <Button variant="outline" disabled={busy || blocked} onClick={onReject}>
            Reject… <Kbd className="ml-1">r</Kbd>
          </Button>
          {status !== "escalated" ? (
            <Button variant="ghost" disabled={busy || blocked} onClick={() => setEscalateOpen(true)}>
              Escalate to a lead…
            </Button>
          ) : null}
        </div>
        {canAssign ? (
          <AssignControl
            proposalId={proposalId}
            version={version}
            assignedTo={assignedTo}
            onNotice={onNotice}
          />
        ) : null}
      </CardContent>
      <Dialog open={escalateOpen} onOpenChange={setEscalateOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Escalate to a lead</DialogTitle>
            <DialogDescription>
              A lead decides instead of you. Say what they should look at.
            </DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              escalate.mutate({ proposalId, expectedVersion: version, reason: escalateReason.trim() });
            }}
          >
            <div className="space-y-1.5">
              <Label htmlFor="escalate-reason">What should the lead look at?</Label>
              <Textarea
                id="escalate-reason"
                value={escalateReason}
                onChange={(e) => setEscalateReason(e.target.value)}
                rows={3}
                autoFocus
              />
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setEscalateOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={escalate.isPending || escalateReason.trim().length < 3}>
                Escalate
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

function AssignControl({
  proposalId,
  version,
  assignedTo,
  onNotice,
}: {
  proposalId: string;
  version: number;
  assignedTo: string | null;
  onNotice: (notice: Notice) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateProposal();
  const people = useQuery(trpc.review.assignees.queryOptions());
  const [choice, setChoice] = useState(assignedTo ?? "");
  const reassign = useMutation(
    trpc.review.reassign.mutationOptions({
      onSuccess: async (moved) => {
        const name = people.data?.find((p) => p.id === moved.assignedTo)?.name;
        onNotice({
          tone: "success",
          title: name ? `Assigned to ${name}` : "Back in the shared queue",
          text: "Any claim on it was replaced.",
        });
        await invalidate();
      },
      onError: (error) => onNotice({ tone: "destructive", title: "Could not assign", text: error.message }),
    }),
  );
  return (
    <form
      className="flex flex-wrap items-end gap-2 border-t pt-3"
      onSubmit={(event) => {
        event.preventDefault();
        reassign.mutate({ proposalId, expectedVersion: version, assigneeId: choice || null });
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="assignee" className="text-xs font-medium text-muted-foreground">
          Assign to
        </label>
        <select
          id="assignee"
          className="h-8 rounded-md border border-input bg-card px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">Nobody (shared queue)</option>
          {(people.data ?? []).map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.role})
            </option>
          ))}
        </select>
      </div>
      <Button
        type="submit"
        size="sm"
        variant="outline"
        disabled={reassign.isPending || choice === (assignedTo ?? "")}
      >
        Assign
      </Button>
    </form>
  );
}
