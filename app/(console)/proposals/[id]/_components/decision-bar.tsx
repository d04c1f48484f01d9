"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useInvalidateProposal } from "./use-invalidate-proposal";

const rejectReasons = ["Not what the customer asked for", "Sender could not be verified", "Wrong record", "Value is wrong"];

type Notice = { tone: "success" | "warning" | "error"; title: string; text: string };

export function DecisionBar({ proposalId, version }: { proposalId: string; version: number }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateProposal();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rejectOpen, setRejectOpen] = useState(false);
  const [reason, setReason] = useState("");

  const approve = useMutation(
    trpc.proposal.approve.mutationOptions({
      onSuccess: async (result) => {
        if (result.status === "applied") setNotice({ tone: "success", title: "Approved and applied", text: `${result.applied} change(s) written to the record.` });
        else if (result.status === "conflict") setNotice({ tone: "warning", title: "Not applied: the record changed", text: "Nothing was written. Review the fresh diff below and decide again." });
        else if (result.status === "awaiting_second_approval") setNotice({ tone: "success", title: "Approval recorded", text: "A second person must approve this change." });
        else setNotice({ tone: "warning", title: "Nothing to apply", text: `The proposal is ${result.status.replace("_", " ")}.` });
        await invalidate();
      },
      onError: (error) => setNotice({ tone: "error", title: "Could not approve", text: error.message }),
    }),
  );
  const reject = useMutation(
    trpc.proposal.reject.mutationOptions({
      onSuccess: async () => {
        setRejectOpen(false);
        setNotice({ tone: "success", title: "Rejected", text: "Nothing was changed." });
        await invalidate();
      },
      onError: (error) => setNotice({ tone: "error", title: "Could not reject", text: error.message }),
    }),
  );
  const busy = approve.isPending || reject.isPending;

  return (
    <Card>
      <CardContent className="space-y-3">
        {notice ? (
          <Alert variant={notice.tone === "error" ? "destructive" : "default"} role="status" data-testid="decision-notice">
            <AlertTitle>{notice.title}</AlertTitle>
            <AlertDescription>{notice.text}</AlertDescription>
          </Alert>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={busy} onClick={() => approve.mutate({ proposalId, expectedVersion: version, edits: [] })}>
            {approve.isPending ? "Approving…" : "Approve"}
          </Button>
          <Dialog open={rejectOpen} onOpenChange={setRejectOpen}>
            <DialogTrigger asChild>
              <Button variant="outline" disabled={busy}>
                Reject…
              </Button>
            </DialogTrigger>
            <DialogContent>
              <DialogHeader>
                <DialogTitle>Reject this proposal</DialogTitle>
                <DialogDescription>Nothing will be changed. The reason is kept in the audit trail.</DialogDescription>
              </DialogHeader>
              <div className="flex flex-wrap gap-2">
                {rejectReasons.map((r) => (
                  <Button key={r} type="button" size="sm" variant={reason === r ? "secondary" : "outline"} onClick={() => setReason(r)}>
                    {r}
                  </Button>
                ))}
              </div>
              <div className="space-y-1.5">
                <Label htmlFor="reject-reason">Reason</Label>
                <Textarea id="reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
              </div>
              <DialogFooter>
                <Button variant="outline" onClick={() => setRejectOpen(false)}>
                  Cancel
                </Button>
                <Button
                  variant="destructive"
                  disabled={busy || reason.trim().length < 3}
                  onClick={() => reject.mutate({ proposalId, expectedVersion: version, reason })}
                >
                  Reject
                </Button>
              </DialogFooter>
            </DialogContent>
          </Dialog>
        </div>
      </CardContent>
    </Card>
  );
}
