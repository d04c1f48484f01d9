"use client";

import { PencilIcon } from "lucide-react";
import { ConfidenceMeter } from "@/components/changes/confidence-meter";
import { FieldValue } from "@/components/changes/field-value";
import { StatusBadge } from "@/components/changes/status-badge";
import { ValueDiff } from "@/components/changes/value-diff";
import { humanize } from "@/components/format";
import type { RouterOutputs } from "@/components/trpc-types";
import { WordDiff } from "@/components/review/word-diff";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";
import { getFieldDefinition } from "@/contracts/catalog";
import { sameValue } from "@/contracts/values";
import { FieldEditor } from "./field-editor";

export type ChangeView = RouterOutputs["proposal"]["get"]["changes"][number];

/**
 * One field of the change set: current → proposed (word by word for text and addresses), the
 * confidence in words and as a bar, the rule that sent it to a person, its evidence, and — when the
 * set has several fields — its own approve and reject.
 */
export function FieldChangeCard({
  change,
  active,
  editing,
  draft,
  error,
  canDecide,
  perField,
  busy,
  onActivate,
  onShowEvidence,
  onStartEdit,
  onDraftChange,
  onStopEdit,
  onDiscardEdit,
  onApproveField,
  onRejectField,
}: {
  change: ChangeView;
  active: boolean;
  editing: boolean;
  /** the reviewer's pending edit, not yet sent */
  draft: unknown;
  error: string | null;
  canDecide: boolean;
  perField: boolean;
  busy: boolean;
  onActivate: () => void;
  onShowEvidence: () => void;
  onStartEdit: () => void;
  onDraftChange: (value: unknown) => void;
  onStopEdit: () => void;
  onDiscardEdit: () => void;
  onApproveField: () => void;
  onRejectField: () => void;
}) {
  const type = change.fieldType;
  const definition = getFieldDefinition(change.field);
  const undecided = change.status === "pending" || change.status === "conflict";
  const shown = draft !== undefined ? draft : (change.editedValue ?? change.proposedValue);
  const edited = draft !== undefined || change.editedValue !== null;
  const wordLevel = type === "text" || type === "address";
  const recordMoved = change.currentValue !== undefined && !sameValue(change.currentValue, change.baseValue);

  return (
    <Card
      id={`change-${change.id}`}
      tabIndex={-1}
      data-testid="proposed-change"
      data-field={change.field}
      aria-labelledby={`change-title-${change.id}`}
      className={cn(
        "outline-none focus-visible:ring-2 focus-visible:ring-ring",
        active && "ring-2 ring-amber-400",
      )}
      onMouseEnter={onActivate}
    >
      <CardHeader className="pb-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle className="text-sm" id={`change-title-${change.id}`}>
            {change.fieldLabel}{" "}
            <span className="font-normal text-muted-foreground">· {change.recordLabel}</span>
          </CardTitle>
          <div className="flex items-center gap-2">
            {change.confidence !== null ? <ConfidenceMeter value={change.confidence} /> : null}
            <StatusBadge status={change.status} />
          </div>
        </div>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {editing ? (
          <div className="space-y-2 rounded-md border border-dashed p-3">
            <FieldEditor
              id={change.id}
              label={change.fieldLabel}
              type={type}
              options={definition && "options" in definition ? definition.options : undefined}
              value={shown}
              onChange={onDraftChange}
              onDone={onStopEdit}
              onCancel={onDiscardEdit}
            />
            <div className="flex gap-2">
              <Button size="sm" variant="secondary" onClick={onStopEdit}>
                Keep edit
              </Button>
              <Button size="sm" variant="ghost" onClick={onDiscardEdit}>
                Discard edit
              </Button>
            </div>
          </div>
        ) : wordLevel ? (
          <div className="space-y-1.5">
            <WordDiff current={change.baseValue} proposed={shown} />
            <ValueDiff current={change.baseValue} proposed={shown} type={type} className="text-xs" />
          </div>
        ) : (
          <ValueDiff current={change.baseValue} proposed={shown} type={type} />
        )}
        {edited ? (
          <p className="text-xs text-muted-foreground" data-testid="edited-note">
            {draft !== undefined ? "Your edit (sent when you approve)" : "Edited by a reviewer"}; extracted
            value was <FieldValue value={change.proposedValue} type={type} />
          </p>
        ) : null}
        {recordMoved ? (
          <p className="text-xs text-amber-800">
            The record now holds <FieldValue value={change.currentValue} type={type} />; approving will report
            a conflict.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-xs text-destructive">
            {error}
          </p>
        ) : null}
        {change.rationale ? <p className="text-muted-foreground">{change.rationale}</p> : null}
        {change.decisionReason ? (
          <p className="text-xs text-muted-foreground">Decision note: {change.decisionReason}</p>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-xs text-muted-foreground">
            Sent to review by rule{" "}
            <span className="font-medium text-foreground">{humanize(change.routeRule)}</span> · risk{" "}
            {change.risk}
            {change.evidenceStart !== null ? (
              <>
                {" · "}
                <button
                  type="button"
                  className="rounded-sm underline underline-offset-2 outline-none focus-visible:ring-2 focus-visible:ring-ring"
                  onClick={onShowEvidence}
                >
                  Show evidence
                </button>
              </>
            ) : null}
          </p>
          {canDecide && undecided && !editing ? (
            <div className="flex gap-1.5">
              <Button
                size="sm"
                variant="ghost"
                onClick={onStartEdit}
                aria-label={`Edit ${change.fieldLabel}`}
              >
                <PencilIcon aria-hidden="true" />
                Edit
              </Button>
              {perField ? (
                <>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={busy}
                    onClick={onApproveField}
                    aria-label={`Approve ${change.fieldLabel} only`}
                  >
                    Approve field
                  </Button>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={busy}
                    onClick={onRejectField}
                    aria-label={`Reject ${change.fieldLabel} only`}
                  >
                    Reject field
                  </Button>
                </>
              ) : null}
            </div>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
