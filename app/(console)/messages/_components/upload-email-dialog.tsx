"use client";

import { useQueryClient } from "@tanstack/react-query";
import {
  CircleAlertIcon,
  CircleCheckIcon,
  CopyCheckIcon,
  LoaderCircleIcon,
  MailIcon,
  UploadIcon,
  type LucideIcon,
} from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
import { cn } from "@/components/ui/utils";
import { describeByteSize } from "@/contracts/values";

type Outcome =
  | { state: "waiting" }
  | { state: "uploading" }
  | { state: "received"; id: string; subject: string | null; failed: string | null }
  | { state: "duplicate"; id: string; subject: string | null }
  | { state: "refused"; reason: string };

type Item = { key: string; file: File; outcome: Outcome };

const uploadResponse = (value: unknown) =>
  value as {
    created?: boolean;
    message?: { id: string; subject: string | null; error: string | null } | string;
  };

/** Why a file is not sent at all: the server would refuse it, so the person learns it at once. */
function refusalBeforeUpload(file: File, maxBytes: number): string | null {
  if (!/\.eml$/i.test(file.name) && file.type !== "message/rfc822") return "Not an .eml file; not uploaded.";
  if (file.size === 0) return "The file is empty; not uploaded.";
  if (file.size > maxBytes)
    return `${describeByteSize(file.size)} is larger than the ${describeByteSize(maxBytes)} limit for one email; not uploaded.`;
  return null;
}

/** One file to the upload route, as its raw bytes: the answer, or the reason it was refused. */
async function uploadFile(file: File): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(`/api/messages/upload?filename=${encodeURIComponent(file.name)}`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: file,
    });
  } catch {
    return {
      state: "refused",
      reason: "The upload did not reach the server; check the connection and try again.",
    };
  }
  const body = uploadResponse(await response.json().catch(() => ({})));
  if (!response.ok || typeof body.message !== "object")
    return {
      state: "refused",
      reason:
        typeof body.message === "string" ? body.message : `The upload failed (HTTP ${response.status}).`,
    };
  const { id, subject, error } = body.message;
  return body.created
    ? { state: "received", id, subject, failed: error }
    : { state: "duplicate", id, subject };
}

const outcomeStyles: Record<Outcome["state"], { icon: LucideIcon; tone: string }> = {
  waiting: { icon: MailIcon, tone: "text-muted-foreground" },
  uploading: { icon: LoaderCircleIcon, tone: "animate-spin text-blue-700" },
  received: { icon: CircleCheckIcon, tone: "text-emerald-700" },
  duplicate: { icon: CopyCheckIcon, tone: "text-sky-700" },
  refused: { icon: CircleAlertIcon, tone: "text-destructive" },
};

/**
 * Uploads `.eml` files (one or several) for admins and leads. Each goes through the same email
 * ingest as the mail relay, one at a time, and its row says what became of it: received (with a
 * link), already received (the same bytes came before), or refused with the reason.
 */
export function UploadEmailDialog({ maxBytes }: { maxBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Item[]>([]);
  const [busy, setBusy] = useState(false);
  const pending = items.filter((item) => item.outcome.state === "waiting");
  const done = items.length > 0 && pending.length === 0 && !busy;

  const setOutcome = (key: string, outcome: Outcome) =>
    setItems((previous) => previous.map((item) => (item.key === key ? { ...item, outcome } : item)));

  const choose = (files: FileList | null) => {
    setItems(
      [...(files ?? [])].map((file, index) => {
        const reason = refusalBeforeUpload(file, maxBytes);
        return {
          key: `${index}-${file.name}-${file.size}-${file.lastModified}`,
          file,
          outcome: reason ? { state: "refused", reason } : { state: "waiting" },
        };
      }),
    );
  };

  const upload = async () => {
    setBusy(true);
    try {
      for (const item of pending) {
        setOutcome(item.key, { state: "uploading" });
        setOutcome(item.key, await uploadFile(item.file));
      }
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries(trpc.message.pathFilter());
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        if (!next) setItems([]);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" data-testid="upload-email">
          <UploadIcon aria-hidden="true" />
          Upload .eml
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Upload emails</DialogTitle>
          <DialogDescription>
            Each .eml file is read like an email the mail relay delivers, and a file received before is not
            stored twice. A file cannot prove who sent it: its sender counts as unverified, and a change it
            asks for needs someone other than you to approve it.
          </DialogDescription>
        </DialogHeader>
        <div className="space-y-1.5">
          <Label htmlFor={inputId}>.eml files (up to {describeByteSize(maxBytes)} each)</Label>
          <input
            id={inputId}
            type="file"
            multiple
            accept=".eml,message/rfc822"
            disabled={busy}
            data-testid="upload-email-files"
            onChange={(event) => choose(event.currentTarget.files)}
            className="block w-full min-w-0 rounded-md border border-input bg-card text-sm text-muted-foreground shadow-xs file:mr-3 file:border-0 file:border-r file:border-input file:bg-muted file:px-3 file:py-2 file:text-sm file:font-medium file:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none disabled:opacity-50"
          />
        </div>
        {items.length > 0 ? (
          <ul
            className="flex flex-col divide-y rounded-md border"
            aria-live="polite"
            data-testid="upload-results"
          >
            {items.map((item) => (
              <UploadRow key={item.key} item={item} onOpen={() => setOpen(false)} />
            ))}
          </ul>
        ) : null}
        {done && items.every((item) => item.outcome.state === "refused") ? (
          <Alert variant="destructive">
            <AlertDescription>Nothing was uploaded. Choose other files to try again.</AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          {done ? (
            <Button variant="outline" onClick={() => setOpen(false)}>
              Done
            </Button>
          ) : (
            <Button
              onClick={() => void upload()}
              disabled={busy || pending.length === 0}
              data-testid="upload-email-submit"
            >
              {busy ? (
                <LoaderCircleIcon aria-hidden="true" className="animate-spin" />
              ) : (
                <UploadIcon aria-hidden="true" />
              )}
              {busy ? "Uploading…" : pending.length > 1 ? `Upload ${pending.length} files` : "Upload"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function UploadRow({ item, onOpen }: { item: Item; onOpen: () => void }) {
  const { outcome } = item;
  const style = outcomeStyles[outcome.state];
  const Icon = style.icon;
  const link = (id: string, subject: string | null) => (
    <Link
      href={`/messages/${id}`}
      onClick={onOpen}
      className="font-medium text-foreground underline-offset-2 hover:underline"
      data-testid="upload-message-link"
    >
      {subject ?? "(no subject)"}
    </Link>
  );
  return (
    <li className="flex min-w-0 gap-3 p-3 text-sm" data-testid="upload-result" data-state={outcome.state}>
      <Icon aria-hidden="true" className={cn("mt-0.5 size-4 shrink-0", style.tone)} />
      <div className="min-w-0 flex-1">
        <div className="flex min-w-0 items-baseline justify-between gap-3">
          <span className="truncate font-medium" title={item.file.name}>
            {item.file.name}
          </span>
          <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
            {describeByteSize(item.file.size)}
          </span>
        </div>
        <p
          className={cn(
            "mt-0.5 break-words text-muted-foreground",
            outcome.state === "refused" && "text-destructive",
          )}
        >
          {outcome.state === "waiting" ? "Ready to upload." : null}
          {outcome.state === "uploading" ? "Uploading…" : null}
          {outcome.state === "received" ? (
            outcome.failed ? (
              <>
                Stored, but it could not be read ({outcome.failed}): {link(outcome.id, outcome.subject)}
              </>
            ) : (
              <>Received: {link(outcome.id, outcome.subject)}</>
            )
          ) : null}
          {outcome.state === "duplicate" ? <>Already received: {link(outcome.id, outcome.subject)}</> : null}
          {outcome.state === "refused" ? outcome.reason : null}
        </p>
      </div>
    </li>
  );
}
