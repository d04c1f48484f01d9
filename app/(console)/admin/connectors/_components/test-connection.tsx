"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleAlertIcon, CircleCheckIcon, PlugZapIcon } from "lucide-react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toTestInput, type ConnectorView, type FormErrors, type FormValues } from "./form-values";

/**
 * "Test connection": one GET of an existing record with what the form holds, saved or not. The
 * answer shows below the button until the next test; nothing is ever written.
 */
export function TestConnection({
  connector,
  values,
  onInvalid,
}: {
  connector: ConnectorView;
  values: FormValues;
  onInvalid: (errors: FormErrors) => void;
}) {
  const trpc = useTRPC();
  const test = useMutation(trpc.connector.test.mutationOptions());
  const resultId = `connector-${connector.store}-test-result`;
  const result = test.data;

  return (
    <div className="space-y-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          Reads one {connector.label} record from the system above. Nothing is written.
        </p>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={test.isPending}
          aria-describedby={result || test.error ? resultId : undefined}
          onClick={() => {
            const { input, errors } = toTestInput(connector, values);
            if (!input) {
              onInvalid(errors);
              return;
            }
            test.mutate(input);
          }}
        >
          <PlugZapIcon aria-hidden="true" />
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
      </div>
      <div id={resultId} role="status" aria-live="polite">
        {test.error ? (
          <Alert variant="destructive" role="none">
            <CircleAlertIcon aria-hidden="true" />
            <AlertTitle>The test did not run</AlertTitle>
            <AlertDescription>{test.error.message}</AlertDescription>
          </Alert>
        ) : result ? (
          <Alert variant={result.ok ? "success" : "destructive"} role="none">
            {result.ok ? <CircleCheckIcon aria-hidden="true" /> : <CircleAlertIcon aria-hidden="true" />}
            <AlertTitle>
              {result.ok ? "Connected" : "Not usable yet"}
              {result.status !== null ? ` · ${result.status}` : " · no answer"}
              {result.latencyMs !== null ? ` · ${result.latencyMs} ms` : ""}
            </AlertTitle>
            <AlertDescription>
              <p className="break-words">{result.message}</p>
              {result.url ? <p className="font-mono text-xs break-all">GET {result.url}</p> : null}
            </AlertDescription>
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
