"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PlugZapIcon, PlusIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { defaultImapPort, processedKeyword } from "@/contracts/mailbox-inputs";
import {
  initialValues,
  toSaveInput,
  toTestInput,
  type FormErrors,
  type FormField,
  type FormValues,
  type MailboxView,
} from "./form-values";
import { CheckboxRow } from "./checkbox-row";
import { TestResultAlert } from "./test-result";

/**
 * "Add mailbox" (no `mailbox`) or a mailbox's "Edit", and the dialog with its form. The form is
 * mounted fresh on every open, from the mailbox as listed.
 */
export function MailboxDialog({
  mailbox,
  onSaved,
}: {
  mailbox?: MailboxView;
  onSaved: (saved: { name: string; enabled: boolean }, added: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {mailbox ? (
          <Button size="sm" variant="outline">
            <PencilIcon aria-hidden="true" />
            Edit<span className="sr-only"> {mailbox.name}</span>
          </Button>
        ) : (
          <Button size="sm">
            <PlusIcon aria-hidden="true" />
            Add mailbox
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{mailbox ? `Edit ${mailbox.name}` : "Add mailbox"}</DialogTitle>
          <DialogDescription>
            An IMAP mailbox the worker reads: each new email becomes one message on the email channel.
          </DialogDescription>
        </DialogHeader>
        <MailboxForm
          mailbox={mailbox}
          onCancel={() => setOpen(false)}
          onSaved={(saved) => {
            setOpen(false);
            onSaved(saved, !mailbox);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

/** What was typed stays in the form until it is saved: a refused setting never costs the admin their input. */
function MailboxForm({
  mailbox,
  onCancel,
  onSaved,
}: {
  mailbox: MailboxView | undefined;
  onCancel: () => void;
  onSaved: (saved: { name: string; enabled: boolean }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => initialValues(mailbox));
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useMutation(
    trpc.mailbox.save.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries(trpc.mailbox.pathFilter());
        onSaved(saved);
      },
    }),
  );
  const test = useMutation(trpc.mailbox.test.mutationOptions());
  const prefix = mailbox ? `mailbox-${mailbox.id}` : "mailbox-new";
  const id = (field: string) => `${prefix}-${field}`;
  const set = <K extends FormField>(field: K, value: FormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const describedBy = (field: FormField, hint = false) =>
    [errors[field] ? id(`${field}-error`) : null, hint ? id(`${field}-hint`) : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const invalid = (field: FormField) => (errors[field] ? true : undefined);
  const fieldError = (field: FormField) =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="text-sm text-destructive">
        {errors[field]}
      </p>
    ) : null;
  const hint = (field: FormField, text: ReactNode) => (
    <p id={id(`${field}-hint`)} className="text-xs text-muted-foreground">
      {text}
    </p>
  );
  const testResultId = id("test-result");

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        const { input, errors } = toSaveInput(mailbox, values);
        setErrors(errors);
        if (input) save.mutate(input);
      }}
    >
      {save.error ? (
        <Alert variant="destructive">
          <AlertTitle>Not saved</AlertTitle>
          <AlertDescription>{save.error.message}</AlertDescription>
        </Alert>
      ) : null}

      <Row>
        <Label htmlFor={id("name")}>Name</Label>
        <Input
          id={id("name")}
          autoComplete="off"
          placeholder="Support inbox"
          value={values.name}
          onChange={(e) => set("name", e.target.value)}
          aria-invalid={invalid("name")}
          aria-describedby={describedBy("name")}
        />
        {fieldError("name")}
      </Row>

      <div className="grid gap-5 sm:grid-cols-[minmax(0,1fr)_8rem]">
        <Row>
          <Label htmlFor={id("host")}>IMAP server</Label>
          <Input
            id={id("host")}
            autoComplete="off"
            spellCheck={false}
            placeholder="imap.example.com"
            value={values.host}
            onChange={(e) => set("host", e.target.value)}
            aria-invalid={invalid("host")}
            aria-describedby={describedBy("host")}
          />
          {fieldError("host")}
        </Row>
        <Row>
          <Label htmlFor={id("port")}>Port</Label>
          <Input
            id={id("port")}
            inputMode="numeric"
            autoComplete="off"
            className="tabular-nums"
            value={values.port}
            onChange={(e) => set("port", e.target.value)}
            aria-invalid={invalid("port")}
            aria-describedby={describedBy("port")}
          />
          {fieldError("port")}
        </Row>
      </div>

      <CheckboxRow
        id={id("secure")}
        label="TLS from the first byte"
        checked={values.secure}
        onChange={(secure) => {
          setValues((previous) => ({
            ...previous,
            secure,
            // follow the usual port for the choice, unless the admin typed another one
            port:
              previous.port === String(secure ? defaultImapPort.plain : defaultImapPort.secure)
                ? String(secure ? defaultImapPort.secure : defaultImapPort.plain)
                : previous.port,
          }));
        }}
        hint={
          values.secure
            ? `Usually port ${defaultImapPort.secure}. The connection is encrypted before anything is sent.`
            : `Usually port ${defaultImapPort.plain}: plain IMAP, upgraded with STARTTLS when the server offers it. Without it the password crosses the network readable.`
        }
      />

      <div className="grid gap-5 sm:grid-cols-2">
        <Row>
          <Label htmlFor={id("username")}>Username</Label>
          <Input
            id={id("username")}
            autoComplete="off"
            spellCheck={false}
            placeholder="support@example.com"
            value={values.username}
            onChange={(e) => set("username", e.target.value)}
            aria-invalid={invalid("username")}
            aria-describedby={describedBy("username")}
          />
          {fieldError("username")}
        </Row>
        <Row>
          <Label htmlFor={id("password")}>Password</Label>
          <Input
            id={id("password")}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={mailbox?.hasPassword ? "Leave blank to keep the stored one" : undefined}
            value={values.password}
            onChange={(e) => set("password", e.target.value)}
            aria-invalid={invalid("password")}
            aria-describedby={describedBy("password", true)}
          />
          {fieldError("password")}
          {hint(
            "password",
            mailbox?.hasPassword
              ? "A password is stored. Leave this blank to keep it; type one to replace it. It is never shown or sent back."
              : "Kept on the server and never shown or sent back, not even to admins. An app password, if the provider has them.",
          )}
        </Row>
      </div>

      <div className="grid gap-5 sm:grid-cols-2">
        <Row>
          <Label htmlFor={id("mailbox")}>Folder to read</Label>
          <Input
            id={id("mailbox")}
            autoComplete="off"
            spellCheck={false}
            value={values.mailbox}
            onChange={(e) => set("mailbox", e.target.value)}
            aria-invalid={invalid("mailbox")}
            aria-describedby={describedBy("mailbox")}
          />
          {fieldError("mailbox")}
        </Row>
        <Row>
          <Label htmlFor={id("processedAction")}>Once an email is stored</Label>
          <Select
            value={values.processedAction}
            onValueChange={(next) => set("processedAction", next === "move" ? "move" : "flag")}
          >
            <SelectTrigger
              id={id("processedAction")}
              className="w-full"
              aria-describedby={id("processedAction-hint")}
            >
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="flag">Flag it where it is</SelectItem>
              <SelectItem value="move">Move it to a folder</SelectItem>
            </SelectContent>
          </Select>
          {hint(
            "processedAction",
            values.processedAction === "flag"
              ? `Marked \\Seen and ${processedKeyword}; it stays in the folder.`
              : "Moved out of the folder, so the inbox keeps only what is not stored yet. The folder is created if it is missing.",
          )}
        </Row>
      </div>

      {values.processedAction === "move" ? (
        <Row>
          <Label htmlFor={id("processedMailbox")}>Move processed mail to</Label>
          <Input
            id={id("processedMailbox")}
            autoComplete="off"
            spellCheck={false}
            placeholder="Processed"
            value={values.processedMailbox}
            onChange={(e) => set("processedMailbox", e.target.value)}
            aria-invalid={invalid("processedMailbox")}
            aria-describedby={describedBy("processedMailbox")}
          />
          {fieldError("processedMailbox")}
        </Row>
      ) : null}

      <div className="space-y-3 rounded-lg border p-4">
        <CheckboxRow
          id={id("trusted")}
          label="Trusted mailbox"
          checked={values.trusted}
          onChange={(trusted) => set("trusted", trusted)}
          hint="Every email read here counts as from a verified sender, as if its DKIM had passed, so its changes may be applied without a person. Tick it only when you vouch for the mailbox: its server refuses or quarantines mail that fails DMARC, or only your own systems can write to it. Otherwise leave it off: emails are then verified by a trusted server's Authentication-Results, on the Channels page."
        />
        <CheckboxRow
          id={id("enabled")}
          label="Enabled"
          checked={values.enabled}
          onChange={(enabled) => set("enabled", enabled)}
          hint="When off, the worker does not poll it; nothing stored is removed."
        />
      </div>

      <div className="space-y-3 rounded-lg border p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-muted-foreground">
            Signs in and opens the folder read-only with the settings above
            {mailbox?.hasPassword ? " (the stored password unless you typed one)" : ""}. Nothing is changed.
          </p>
          <Button
            type="button"
            variant="outline"
            size="sm"
            disabled={test.isPending}
            aria-describedby={test.data || test.error ? testResultId : undefined}
            onClick={() => {
              const { input, errors } = toTestInput(mailbox, values);
              if (!input) {
                setErrors(errors);
                return;
              }
              test.mutate(input);
            }}
          >
            <PlugZapIcon aria-hidden="true" />
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
        </div>
        <div id={testResultId} role="status" aria-live="polite">
          <TestResultAlert result={test.data} error={test.error?.message ?? null} />
        </div>
      </div>

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : mailbox ? "Save" : "Add mailbox"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Row({ children }: { children: ReactNode }) {
  return <div className="min-w-0 space-y-1.5">{children}</div>;
}
