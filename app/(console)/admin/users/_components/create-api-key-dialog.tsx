"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckIcon, CopyIcon, KeyRoundIcon } from "lucide-react";
import { useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
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
import { createApiKeyInput } from "@/contracts/user-inputs";

/**
 * Names a new key, then shows its secret exactly once: only a hash is stored, so closing the
 * dialog is the last chance to copy it. A click outside does not close it while the secret shows.
 */
export function CreateApiKeyDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useMutation(
    trpc.user.createApiKey.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.user.listApiKeys.queryFilter()),
    }),
  );
  const secret = create.data?.secret ?? null;

  const close = () => {
    setOpen(false);
    setName("");
    setNameError(null);
    create.reset();
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <KeyRoundIcon aria-hidden="true" />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent
        className="sm:max-w-lg"
        onInteractOutside={(event) => {
          if (secret) event.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>{secret ? "Copy the new API key" : "Create API key"}</DialogTitle>
          <DialogDescription>
            {secret ? (
              <>
                Clients send it to the inbound API channel in the header{" "}
                <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>.
              </>
            ) : (
              "A key lets another system send customer messages to the inbound API channel."
            )}
          </DialogDescription>
        </DialogHeader>
        {secret ? (
          <ShownSecret secret={secret} onDone={close} />
        ) : (
          <form
            noValidate
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              const parsed = createApiKeyInput.safeParse({ name });
              setNameError(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Enter a name"));
              if (parsed.success) create.mutate(parsed.data);
            }}
          >
            {create.error ? (
              <Alert variant="destructive">
                <AlertDescription>{create.error.message}</AlertDescription>
              </Alert>
            ) : null}
            <div className="space-y-1.5">
              <Label htmlFor="api-key-name">Name</Label>
              <Input
                id="api-key-name"
                autoComplete="off"
                placeholder="e.g. CRM sync"
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(null);
                }}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? "api-key-name-error" : "api-key-name-hint"}
              />
              {nameError ? (
                <p id="api-key-name-error" className="text-sm text-destructive">
                  {nameError}
                </p>
              ) : (
                <p id="api-key-name-hint" className="text-xs text-muted-foreground">
                  Say which system uses it, so it can be revoked with confidence later.
                </p>
              )}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create key"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function ShownSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy("copied");
    } catch {
      // clipboard access can be refused (permissions, plain http): leave it selected for Ctrl+C
      inputRef.current?.select();
      setCopy("failed");
    }
  }

  return (
    <div className="space-y-4">
      <Alert variant="warning">
        <AlertTitle>This is the only time the key is shown</AlertTitle>
        <AlertDescription>
          Changedesk keeps only a hash of it. Store it in the other system&apos;s secrets now; if it is lost,
          revoke it and create a new one.
        </AlertDescription>
      </Alert>
      <div className="space-y-1.5">
        <Label htmlFor="api-key-secret">API key</Label>
        <div className="flex gap-2">
          <Input
            ref={inputRef}
            id="api-key-secret"
            readOnly
            value={secret}
            spellCheck={false}
            className="font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button type="button" variant="outline" onClick={() => void copySecret()}>
            {copy === "copied" ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
            {copy === "copied" ? "Copied" : "Copy"}
          </Button>
        </div>
        <p role="status" className="text-xs text-muted-foreground">
          {copy === "failed" ? "Copying is not allowed here; the key is selected, press Ctrl+C (⌘C)." : ""}
        </p>
      </div>
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </div>
  );
}
