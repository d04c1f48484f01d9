"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRoundIcon } from "lucide-react";
import { useRef, useState } from "react";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
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
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { setChatSecretInput } from "@/contracts/channel-inputs";
import { CopyButton } from "./copy-button";

type ChatSettings = RouterOutputs["channel"]["settings"]["chat"];

/** Who changed a setting, as a person reads it: the seeded value was set by the setup, not a person. */
export function changedByWords(changedBy: string | null): string {
  return !changedBy || changedBy === "setup" ? "when Changedesk was set up" : `by ${changedBy}`;
}

/** 32 random bytes, base64url: 43 printable characters, well over the 24 the channel asks for. */
function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The chat channel's signing secret: whether one is set, when and by whom, and setting or rotating
 * it. The server never sends a secret back; a generated one is shown once, right after it is saved.
 */
export function ChatSecret({ chat }: { chat: ChatSettings }) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h3 className="flex flex-wrap items-center gap-2 font-medium">
            Signing secret
            {chat.secretSet ? (
              <Badge variant="secondary">Set</Badge>
            ) : (
              <Badge variant="destructive">Not set</Badge>
            )}
          </h3>
          <p className="text-muted-foreground" data-testid="chat-secret-status">
            {chat.secretSet && chat.changedAt ? (
              <>
                Set on {formatDateTime(chat.changedAt)} {changedByWords(chat.changedBy)}. It is never shown
                again after it is saved.
              </>
            ) : (
              "Chat posts are refused (503) until a secret is set."
            )}
          </p>
        </div>
        <ChatSecretDialog secretSet={chat.secretSet} />
      </div>
    </div>
  );
}

type Saved = { generated: string | null };

function ChatSecretDialog({ secretSet }: { secretSet: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [pasted, setPasted] = useState("");
  const [pastedError, setPastedError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const save = useMutation(
    trpc.channel.setChatSecret.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.channel.settings.queryFilter()),
    }),
  );
  const verb = secretSet ? "Rotate" : "Set";

  const close = () => {
    setOpen(false);
    setPasted("");
    setPastedError(null);
    setSaved(null);
    save.reset();
  };

  const saveGenerated = () => {
    const secret = generateSecret();
    save.mutate({ secret }, { onSuccess: () => setSaved({ generated: secret }) });
  };

  const savePasted = () => {
    const parsed = setChatSecretInput.safeParse({ secret: pasted });
    if (!parsed.success) {
      setPastedError(parsed.error.issues[0]?.message ?? "Enter the secret");
      return;
    }
    save.mutate(parsed.data, { onSuccess: () => setSaved({ generated: null }) });
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <KeyRoundIcon aria-hidden="true" />
          {verb} secret
        </Button>
      </DialogTrigger>
      <DialogContent
        className="sm:max-w-lg"
        onInteractOutside={(event) => {
          if (saved?.generated) event.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>
            {saved
              ? saved.generated
                ? "Copy the new chat secret"
                : "Chat secret saved"
              : `${verb} the chat secret`}
          </DialogTitle>
          <DialogDescription>
            The chat platform signs every post with it: the header{" "}
            <code className="font-mono text-xs">x-changedesk-signature: t=…,v1=…</code> is an HMAC-SHA256 of
            the timestamp and the raw body.
          </DialogDescription>
        </DialogHeader>
        {saved ? (
          <SavedSecret generated={saved.generated} onDone={close} />
        ) : (
          <div className="space-y-4">
            {secretSet ? (
              <Alert variant="warning">
                <AlertTitle>The current secret stops working at once</AlertTitle>
                <AlertDescription>
                  From the moment you save, posts signed with it get 401 until the chat platform uses the new
                  one. Have its settings open.
                </AlertDescription>
              </Alert>
            ) : null}
            {save.error ? (
              <Alert variant="destructive">
                <AlertTitle>Not saved</AlertTitle>
                <AlertDescription>{save.error.message}</AlertDescription>
              </Alert>
            ) : null}
            <Tabs defaultValue="generate">
              <TabsList>
                <TabsTrigger value="generate">Generate one</TabsTrigger>
                <TabsTrigger value="paste">Use the platform&apos;s</TabsTrigger>
              </TabsList>
              <TabsContent value="generate" className="space-y-4 pt-2">
                <p className="text-sm text-muted-foreground">
                  Changedesk makes a random 43-character secret in your browser, saves it and shows it to you
                  once, to paste into the chat platform.
                </p>
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={close}>
                    Cancel
                  </Button>
                  <Button type="button" disabled={save.isPending} onClick={saveGenerated}>
                    {save.isPending ? "Saving…" : `Generate and ${verb.toLowerCase()}`}
                  </Button>
                </DialogFooter>
              </TabsContent>
              <TabsContent value="paste" className="pt-2">
                <form
                  noValidate
                  className="space-y-4"
                  onSubmit={(event) => {
                    event.preventDefault();
                    savePasted();
                  }}
                >
                  <div className="space-y-1.5">
                    <Label htmlFor="chat-secret-pasted">Secret from the chat platform</Label>
                    <Input
                      id="chat-secret-pasted"
                      type="password"
                      autoComplete="off"
                      spellCheck={false}
                      value={pasted}
                      onChange={(e) => {
                        setPasted(e.target.value);
                        setPastedError(null);
                      }}
                      aria-invalid={pastedError ? true : undefined}
                      aria-describedby={pastedError ? "chat-secret-pasted-error" : "chat-secret-pasted-hint"}
                    />
                    {pastedError ? (
                      <p id="chat-secret-pasted-error" className="text-sm text-destructive">
                        {pastedError}
                      </p>
                    ) : (
                      <p id="chat-secret-pasted-hint" className="text-xs text-muted-foreground">
                        For a platform that makes its own signing secret: at least 24 printable characters, no
                        spaces.
                      </p>
                    )}
                  </div>
                  <DialogFooter>
                    <Button type="button" variant="outline" onClick={close}>
                      Cancel
                    </Button>
                    <Button type="submit" disabled={save.isPending}>
                      {save.isPending ? "Saving…" : `${verb} secret`}
                    </Button>
                  </DialogFooter>
                </form>
              </TabsContent>
            </Tabs>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

function SavedSecret({ generated, onDone }: { generated: string | null; onDone: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className="space-y-4">
      {generated ? (
        <>
          <Alert variant="warning">
            <AlertTitle>This is the only time the secret is shown</AlertTitle>
            <AlertDescription>
              Paste it into the chat platform now. If it is lost, rotate it again: Changedesk never shows a
              saved secret.
            </AlertDescription>
          </Alert>
          <div className="space-y-1.5">
            <Label htmlFor="chat-secret-generated">Chat signing secret</Label>
            <div className="flex gap-2">
              <Input
                ref={inputRef}
                id="chat-secret-generated"
                readOnly
                value={generated}
                spellCheck={false}
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton
                text={generated}
                label="the chat signing secret"
                onRefused={() => inputRef.current?.select()}
              />
            </div>
          </div>
        </>
      ) : (
        <Alert variant="success">
          <AlertTitle>Posts signed with the platform&apos;s secret are accepted now</AlertTitle>
          <AlertDescription>Posts signed with any earlier secret get 401.</AlertDescription>
        </Alert>
      )}
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
