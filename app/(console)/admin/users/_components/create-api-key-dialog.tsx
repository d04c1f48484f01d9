"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckIcon, CopyIcon, KeyRoundIcon } from "lucide-react";
import { useRef, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
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
import { keyChannelInfo } from "@/components/channels/key-channels";
import { keyChannels, type KeyChannel } from "@/contracts/message-input";
import { createApiKeyInput } from "@/contracts/user-inputs";

type Errors = Partial<Record<"name" | "channels", string>>;

/**
 * Names a new key, the channels it may post to and whether its senders are believed, then shows
 * its secret exactly once: only a hash is stored, so closing the dialog is the last chance to copy
 * it. A click outside does not close it while the secret shows.
 */
export function CreateApiKeyDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [channels, setChannels] = useState<KeyChannel[]>(["api"]);
  const [trustedSender, setTrustedSender] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.user.createApiKey.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.user.listApiKeys.queryFilter()),
    }),
  );
  const secret = create.data?.secret ?? null;

  const close = () => {
    setOpen(false);
    setName("");
    setChannels(["api"]);
    setTrustedSender(false);
    setErrors({});
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
                The other system sends it to its channels in the header{" "}
                <code className="font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>.
              </>
            ) : (
              "A key lets another system send customer messages to the channels you choose."
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
              // in the catalog's order, whatever order they were ticked in
              const chosen = keyChannels.filter((channel) => channels.includes(channel));
              const parsed = createApiKeyInput.safeParse({ name, channels: chosen, trustedSender });
              const next: Errors = {};
              for (const issue of parsed.success ? [] : parsed.error.issues) {
                const field = issue.path[0];
                if (field === "name" || field === "channels") next[field] ??= issue.message;
              }
              setErrors(next);
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
                  setErrors((previous) => ({ ...previous, name: undefined }));
                }}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={errors.name ? "api-key-name-error" : "api-key-name-hint"}
              />
              {errors.name ? (
                <p id="api-key-name-error" className="text-sm text-destructive">
                  {errors.name}
                </p>
              ) : (
                <p id="api-key-name-hint" className="text-xs text-muted-foreground">
                  Say which system uses it, so it can be revoked with confidence later.
                </p>
              )}
            </div>
            <fieldset
              className="space-y-2"
              aria-describedby={errors.channels ? "api-key-channels-error" : undefined}
            >
              <legend className="mb-2 text-sm font-medium">Channels it may post to</legend>
              {keyChannels.map((channel) => (
                <div key={channel} className="flex items-start gap-2">
                  <Checkbox
                    id={`api-key-channel-${channel}`}
                    className="mt-0.5"
                    checked={channels.includes(channel)}
                    onCheckedChange={(checked) => {
                      setChannels((previous) =>
                        checked === true
                          ? [...previous, channel]
                          : previous.filter((other) => other !== channel),
                      );
                      setErrors((previous) => ({ ...previous, channels: undefined }));
                    }}
                    aria-describedby={`api-key-channel-${channel}-hint`}
                  />
                  <div className="grid gap-0.5">
                    <Label htmlFor={`api-key-channel-${channel}`}>{keyChannelInfo[channel].label}</Label>
                    <p id={`api-key-channel-${channel}-hint`} className="text-xs text-muted-foreground">
                      {keyChannelInfo[channel].what}
                      <code className="block font-mono [overflow-wrap:anywhere]">
                        POST {keyChannelInfo[channel].path}
                      </code>
                    </p>
                  </div>
                </div>
              ))}
              {errors.channels ? (
                <p id="api-key-channels-error" className="text-sm text-destructive">
                  {errors.channels}
                </p>
              ) : null}
            </fieldset>
            <div className="flex items-start gap-2 rounded-lg border p-3">
              <Checkbox
                id="api-key-trusted-sender"
                className="mt-0.5"
                checked={trustedSender}
                onCheckedChange={(checked) => setTrustedSender(checked === true)}
                aria-describedby="api-key-trusted-sender-hint"
              />
              <div className="grid gap-0.5">
                <Label htmlFor="api-key-trusted-sender">Trusted to assert senders</Label>
                <p id="api-key-trusted-sender-hint" className="text-xs text-muted-foreground">
                  The customers this key names on the API and ticket channels count as verified, so their
                  changes may be applied without a person. Tick it only for a system that has verified its
                  users itself (a helpdesk they sign in to). Emails are judged by their Authentication-Results
                  either way.
                </p>
              </div>
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
