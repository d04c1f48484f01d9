"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
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
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Textarea } from "@/components/ui/textarea";
import type { PolicyChange, PolicyRules } from "@/contracts/policy-rules";
import { ChangeLines } from "./describe";
import { PolicyImpact } from "./policy-impact";

/** The draft's changes, what they would have done, and publishing them as the next version. */
export function PublishPanel({
  activeVersion,
  draft,
  changes,
  valid,
  onDiscard,
}: {
  activeVersion: number;
  draft: PolicyRules;
  changes: PolicyChange[];
  valid: boolean;
  onDiscard: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const publish = useMutation(
    trpc.policy.publish.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.policy.pathFilter()),
      onError: (error) => {
        if (error.data?.code === "CONFLICT") setConflict(error.message);
      },
      onSettled: () => setConfirming(false),
    }),
  );
  const next = activeVersion + 1;
  const noteMissing = note.trim().length < 3;
  const ready = valid && changes.length > 0 && !noteMissing && conflict === null;

  return (
    <Card className="gap-4 xl:sticky xl:top-6">
      <CardHeader>
        <CardTitle>Draft of v{next}</CardTitle>
        <CardDescription>
          Active: v{activeVersion}. Publishing makes the draft active for messages routed from then on.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <section aria-labelledby="draft-changes" className="space-y-2">
          <h3 id="draft-changes" className="text-sm font-semibold">
            Changes
          </h3>
          {changes.length === 0 ? (
            <p className="text-sm text-muted-foreground">None yet: edit a setting to see its effect.</p>
          ) : (
            <ChangeLines changes={changes} />
          )}
          {!valid ? <p className="text-sm text-destructive">Fix the settings marked in red first.</p> : null}
        </section>

        {changes.length > 0 && valid ? <PolicyImpact draft={draft} activeVersion={activeVersion} /> : null}

        {conflict ? (
          <Alert variant="warning">
            <AlertTitle>Someone else published first</AlertTitle>
            <AlertDescription>
              <p>{conflict}</p>
              <Button
                size="sm"
                variant="outline"
                className="mt-2"
                onClick={() => {
                  setConflict(null);
                  void queryClient.invalidateQueries(trpc.policy.pathFilter());
                }}
              >
                Load the newest version
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
        {publish.error && !conflict ? (
          <Alert variant="destructive">
            <AlertTitle>Not published</AlertTitle>
            <AlertDescription>{publish.error.message}</AlertDescription>
          </Alert>
        ) : null}

        <div className="grid gap-1.5">
          <label htmlFor="policy-note" className="text-sm font-medium">
            Why this change
          </label>
          <Textarea
            id="policy-note"
            value={note}
            maxLength={500}
            placeholder="e.g. Reviewers approved 98% of consent changes at 0.85-0.9"
            onChange={(event) => setNote(event.target.value)}
          />
          <p className="text-xs text-muted-foreground">Kept with the version and in the audit trail.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button disabled={!ready || publish.isPending} onClick={() => setConfirming(true)}>
            Publish v{next}
          </Button>
          <Button variant="outline" disabled={changes.length === 0} onClick={onDiscard}>
            Discard changes
          </Button>
        </div>
      </CardContent>

      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Publish policy v{next}?</AlertDialogTitle>
            <AlertDialogDescription>
              It replaces v{activeVersion} for every message routed from now on. Proposals already routed keep
              their route. Both versions stay in the history.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <ChangeLines changes={changes} />
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              disabled={publish.isPending}
              onClick={(event) => {
                // keep the dialog open until the server answers
                event.preventDefault();
                publish.mutate({ rules: draft, note: note.trim(), basedOnVersion: activeVersion });
              }}
            >
              Publish v{next}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
