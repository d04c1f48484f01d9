"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { connectorKinds, maximumTimeoutMs, minimumTimeoutMs } from "@/contracts/connector-inputs";
import { FieldMappingEditor } from "./field-mapping-editor";
import {
  initialValues,
  toSaveInput,
  type ConnectorView,
  type FormErrors,
  type FormValues,
} from "./form-values";
import { kindLabels } from "./kind-labels";
import { TestConnection } from "./test-connection";

/** The Edit button of a store's card and its dialog. The form is mounted fresh on every open. */
export function EditConnectorDialog({
  connector,
  onSaved,
}: {
  connector: ConnectorView;
  onSaved: (saved: ConnectorView) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <PencilIcon aria-hidden="true" />
          Edit<span className="sr-only"> the {connector.label} connector</span>
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{connector.label} connector</DialogTitle>
          <DialogDescription>
            Where Changedesk reads {connector.label} records and writes approved changes to them.
          </DialogDescription>
        </DialogHeader>
        <ConnectorForm
          connector={connector}
          onCancel={() => setOpen(false)}
          onSaved={(saved) => {
            setOpen(false);
            onSaved(saved);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

/**
 * What was typed stays in the form until it is saved: a refused URL, a refused switch or a network
 * error never costs the admin their input.
 */
function ConnectorForm({
  connector,
  onCancel,
  onSaved,
}: {
  connector: ConnectorView;
  onCancel: () => void;
  onSaved: (saved: ConnectorView) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => initialValues(connector));
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useMutation(
    trpc.connector.save.mutationOptions({
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries(trpc.connector.pathFilter());
        onSaved(saved);
      },
    }),
  );
  const id = (field: string) => `connector-${connector.store}-${field}`;
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const describedBy = (field: keyof FormErrors, hint?: boolean) =>
    [errors[field] ? id(`${field}-error`) : null, hint ? id(`${field}-hint`) : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const fieldError = (field: "baseUrl" | "authHeader" | "timeoutMs") =>
    errors[field] ? (
      <p id={id(`${field}-error`)} className="text-sm text-destructive">
        {errors[field]}
      </p>
    ) : null;
  const rest = values.kind === "rest";

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        const { input, errors } = toSaveInput(connector, values);
        setErrors(errors);
        if (input) save.mutate(input);
      }}
    >
      {save.error ? (
        <Alert variant="destructive">
          <AlertTitle>Not saved</AlertTitle>
          <AlertDescription>
            <p>{save.error.message}</p>
            {save.error.data?.details?.pendingWrites ? (
              <Link className="underline underline-offset-2" href="/outbox">
                Open the Outbox
              </Link>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}

      <div className="space-y-1.5">
        <Label htmlFor={id("kind")}>Kind</Label>
        <Select
          value={values.kind}
          onValueChange={(next) => {
            const kind = connectorKinds.find((candidate) => candidate === next);
            if (kind) set("kind", kind);
          }}
        >
          <SelectTrigger id={id("kind")} className="w-48" aria-describedby={id("kind-hint")}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {connectorKinds.map((kind) => (
              <SelectItem key={kind} value={kind}>
                {kindLabels[kind]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <p id={id("kind-hint")} className="text-xs text-muted-foreground">
          {rest
            ? "An external system: changes are written from the outbox after they are approved (GET, then PATCH with If-Match and an Idempotency-Key)."
            : connector.kind === "rest"
              ? "Changedesk's own tables, written in the transaction that applies a change. The REST settings are kept for a switch back."
              : "Changedesk's own tables, written in the transaction that applies a change."}
        </p>
      </div>

      {rest ? (
        <>
          <Row>
            <Label htmlFor={id("baseUrl")}>Base URL</Label>
            <Input
              id={id("baseUrl")}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://crm.example.com/api"
              value={values.baseUrl}
              onChange={(e) => set("baseUrl", e.target.value)}
              aria-invalid={errors.baseUrl ? true : undefined}
              aria-describedby={describedBy("baseUrl", true)}
            />
            {fieldError("baseUrl")}
            <p id={id("baseUrl-hint")} className="text-xs text-muted-foreground">
              Records are read and written at the base URL + /{"{entity}"}s/{"{id}"}, with Changedesk&apos;s
              record ids.
            </p>
          </Row>

          <Row>
            <Label htmlFor={id("authHeader")}>Auth header</Label>
            <Input
              id={id("authHeader")}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={
                connector.hasAuthHeader ? "Leave empty to keep the current one" : "Authorization: Bearer …"
              }
              disabled={values.removeAuthHeader}
              value={values.authHeader}
              onChange={(e) => set("authHeader", e.target.value)}
              aria-invalid={errors.authHeader ? true : undefined}
              aria-describedby={describedBy("authHeader", true)}
            />
            {fieldError("authHeader")}
            <p id={id("authHeader-hint")} className="text-xs text-muted-foreground">
              {connector.hasAuthHeader
                ? `Set: ${connector.authHeaderName ?? "header"}: ••••••. Leave empty to keep the current one; it is never shown again.`
                : "A full header line, e.g. Authorization: Bearer …, sent with every request. It is kept on the server and never shown again."}
            </p>
            {connector.hasAuthHeader ? (
              <div className="flex items-center gap-2 pt-1">
                <Checkbox
                  id={id("removeAuthHeader")}
                  checked={values.removeAuthHeader}
                  onCheckedChange={(checked) => set("removeAuthHeader", checked === true)}
                />
                <Label htmlFor={id("removeAuthHeader")} className="font-normal">
                  Remove the auth header
                </Label>
              </div>
            ) : null}
          </Row>

          <div className="grid gap-5 sm:grid-cols-2">
            <Row>
              <Label htmlFor={id("timeoutMs")}>Timeout (ms)</Label>
              <Input
                id={id("timeoutMs")}
                inputMode="numeric"
                autoComplete="off"
                className="w-32 tabular-nums"
                value={values.timeoutMs}
                onChange={(e) => set("timeoutMs", e.target.value)}
                aria-invalid={errors.timeoutMs ? true : undefined}
                aria-describedby={describedBy("timeoutMs", true)}
              />
              {fieldError("timeoutMs")}
              <p id={id("timeoutMs-hint")} className="text-xs text-muted-foreground">
                Per request, {minimumTimeoutMs} to {maximumTimeoutMs.toLocaleString("en")}.
              </p>
            </Row>
            <Row>
              <div className="flex items-center gap-2 pt-6">
                <Checkbox
                  id={id("enabled")}
                  checked={values.enabled}
                  onCheckedChange={(checked) => set("enabled", checked === true)}
                  aria-describedby={id("enabled-hint")}
                />
                <Label htmlFor={id("enabled")}>Enabled</Label>
              </div>
              <p id={id("enabled-hint")} className="text-xs text-muted-foreground">
                When off, changes are written to the built-in store instead.
              </p>
            </Row>
          </div>

          <FieldMappingEditor
            store={connector.store}
            values={values.mapping}
            errors={errors.mapping ?? {}}
            onChange={(key, remote) => {
              setValues((previous) => ({ ...previous, mapping: { ...previous.mapping, [key]: remote } }));
              setErrors((previous) => ({ ...previous, mapping: { ...previous.mapping, [key]: "" } }));
            }}
          />

          <TestConnection connector={connector} values={values} onInvalid={setErrors} />
        </>
      ) : null}

      <DialogFooter>
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Row({ children }: { children: ReactNode }) {
  return <div className="space-y-1.5">{children}</div>;
}
