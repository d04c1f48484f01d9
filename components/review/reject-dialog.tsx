"use client";

import { useRef, useState } from "react";
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

export const rejectReasons = [
  "Not what the customer asked for",
  "Sender could not be verified",
  "Wrong record",
  "Value is wrong",
  "Duplicate request",
];

/**
 * Asks why: the text field has focus, Enter confirms (Shift+Enter for a new line), and outside
 * the text field the usual reasons are one key away (1–5).
 */
export function RejectDialog({
  open,
  onOpenChange,
  title,
  description,
  busy,
  onReject,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  busy?: boolean;
  onReject: (reason: string) => void;
  /** where focus goes when the dialog closes (default: back to what opened it) */
  returnFocus?: () => void;
}) {
  const [reason, setReason] = useState("");
  const textRef = useRef<HTMLTextAreaElement>(null);
  const valid = reason.trim().length >= 3;
  const submit = () => {
    if (valid && !busy) onReject(reason.trim());
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setReason("");
        onOpenChange(next);
      }}
    >
      <DialogContent
        data-testid="reject-dialog"
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          textRef.current?.focus();
        }}
        onCloseAutoFocus={(event) => {
          if (!returnFocus) return;
          event.preventDefault();
          returnFocus();
        }}
        onKeyDown={(event) => {
          const index = Number(event.key) - 1;
          if (event.target instanceof HTMLTextAreaElement) {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
            return;
          }
          if (index >= 0 && index < rejectReasons.length) {
            event.preventDefault();
            setReason(rejectReasons[index] ?? "");
          }
        }}
      >
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Common reasons</legend>
            <div className="flex flex-wrap gap-2">
              {rejectReasons.map((r, index) => (
                <Button
                  key={r}
                  type="button"
                  size="sm"
                  variant={reason === r ? "secondary" : "outline"}
                  aria-pressed={reason === r}
                  onClick={() => setReason(r)}
                >
                  <span className="text-muted-foreground tabular-nums">{index + 1}</span> {r}
                </Button>
              ))}
            </div>
          </fieldset>
          <div className="space-y-1.5">
            <Label htmlFor="reject-reason">Reason</Label>
            <Textarea
              ref={textRef}
              id="reject-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={3}
              placeholder="Why is this rejected? (kept in the audit trail)"
            />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={busy || !valid}>
              {busy ? "Rejecting…" : "Reject"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
