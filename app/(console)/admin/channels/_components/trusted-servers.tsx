"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon, XIcon } from "lucide-react";
import { useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { authservIdInput, maximumTrustedAuthservIds } from "@/contracts/channel-inputs";
import { changedByWords } from "./chat-secret";

type EmailSettings = RouterOutputs["channel"]["settings"]["email"];

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

/**
 * The receiving mail servers whose Authentication-Results the email channel believes. Edits are a
 * draft until saved; the saved list comes from the server, and the editor is mounted afresh
 * (keyed by it) after each save, so the draft never has to be copied back from the query.
 */
export function TrustedServers({ email }: { email: EmailSettings }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  return (
    <div className="space-y-3">
      <div className="space-y-1">
        <h3 className="font-medium" id="trusted-servers-title">
          Trusted receiving mail servers
        </h3>
        <p className="text-muted-foreground">
          The name a server writes first in its{" "}
          <code className="font-mono text-xs">Authentication-Results</code> header (its authserv-id), e.g.{" "}
          <code className="font-mono text-xs">mx.google.com</code> in{" "}
          <code className="font-mono text-xs break-words">
            Authentication-Results: mx.google.com; dkim=pass
          </code>
          . Name only servers that receive your mail: anyone can write such a header, and only these are
          believed.
        </p>
        {email.changedAt ? (
          <p className="text-xs text-muted-foreground">
            Last changed on {formatDateTime(email.changedAt)} {changedByWords(email.changedBy)}.
          </p>
        ) : null}
      </div>
      <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
      <ServerListEditor
        key={email.trustedAuthservIds.join(" ")}
        saved={email.trustedAuthservIds}
        onSaved={setNotice}
      />
    </div>
  );
}

function ServerListEditor({ saved, onSaved }: { saved: string[]; onSaved: (notice: Notice) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string[]>(saved);
  const [adding, setAdding] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  const save = useMutation(
    trpc.channel.setTrustedAuthservIds.mutationOptions({
      onSuccess: async (view) => {
        const ids = view.email.trustedAuthservIds;
        onSaved({
          tone: ids.length === 0 ? "warning" : "success",
          title: "Trusted servers saved",
          text:
            ids.length === 0
              ? "No server is trusted: emails count as verified only when read from a trusted mailbox."
              : `Authentication-Results from ${ids.join(", ")} are believed from now on.`,
        });
        await queryClient.invalidateQueries(trpc.channel.settings.queryFilter());
      },
    }),
  );
  const dirty = !sameList(draft, saved);

  const add = () => {
    const parsed = authservIdInput.safeParse(adding);
    if (!parsed.success) {
      setAddError(parsed.error.issues[0]?.message ?? "Enter the server's name");
      return;
    }
    if (draft.includes(parsed.data)) {
      setAddError(`${parsed.data} is already in the list`);
      return;
    }
    if (draft.length >= maximumTrustedAuthservIds) {
      setAddError(`Trust at most ${maximumTrustedAuthservIds} servers`);
      return;
    }
    setDraft([...draft, parsed.data]);
    setAdding("");
    setAddError(null);
  };

  return (
    <div className="space-y-3">
      {draft.length === 0 ? (
        <Alert variant="warning">
          <AlertTitle>No server is trusted</AlertTitle>
          <AlertDescription>
            Every email then counts as unverified unless it is read from a trusted mailbox: its changes go to
            a person.
          </AlertDescription>
        </Alert>
      ) : (
        <ul className="divide-y rounded-lg border" aria-labelledby="trusted-servers-title">
          {draft.map((id) => (
            <li key={id} className="flex items-center justify-between gap-3 py-1 pr-1 pl-3">
              <span className="min-w-0 font-mono text-xs [overflow-wrap:anywhere]">{id}</span>
              <Button
                type="button"
                variant="ghost"
                size="icon-sm"
                aria-label={`Remove ${id}`}
                onClick={() => setDraft(draft.filter((other) => other !== id))}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      )}

      <form
        noValidate
        className="space-y-1.5"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <Label htmlFor="trusted-server-add">Add a server</Label>
        <div className="flex gap-2">
          <Input
            id="trusted-server-add"
            autoComplete="off"
            spellCheck={false}
            placeholder="mx.example.com"
            className="font-mono text-xs"
            value={adding}
            onChange={(e) => {
              setAdding(e.target.value);
              setAddError(null);
            }}
            aria-invalid={addError ? true : undefined}
            aria-describedby={addError ? "trusted-server-add-error" : undefined}
          />
          <Button type="submit" variant="outline">
            <PlusIcon aria-hidden="true" />
            Add
          </Button>
        </div>
        {addError ? (
          <p id="trusted-server-add-error" className="text-sm text-destructive">
            {addError}
          </p>
        ) : null}
      </form>

      {save.error ? (
        <Alert variant="destructive">
          <AlertTitle>Not saved</AlertTitle>
          <AlertDescription>{save.error.message}</AlertDescription>
        </Alert>
      ) : null}
      {dirty ? (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-dashed p-2 pl-3">
          <p className="text-muted-foreground">Unsaved changes to the list.</p>
          <div className="flex gap-2">
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => {
                setDraft(saved);
                save.reset();
              }}
            >
              Discard
            </Button>
            <Button
              type="button"
              size="sm"
              disabled={save.isPending}
              onClick={() => save.mutate({ authservIds: draft })}
            >
              {save.isPending ? "Saving…" : "Save servers"}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
