import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import type { RouterOutputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

type TestResult = RouterOutputs["mailbox"]["test"];

/**
 * The answer of "Test connection": what the server said, or why the test could not run (an input
 * the server refused, a network error). Inside a live region the caller provides.
 */
export function TestResultAlert({ result, error }: { result: TestResult | undefined; error: string | null }) {
  if (error)
    return (
      <Alert variant="destructive" role="none">
        <CircleAlertIcon aria-hidden="true" />
        <AlertTitle>The test did not run</AlertTitle>
        <AlertDescription>{error}</AlertDescription>
      </Alert>
    );
  if (!result) return null;
  return (
    <Alert variant={result.ok ? "success" : "destructive"} role="none">
      {result.ok ? <CircleCheckIcon aria-hidden="true" /> : <CircleAlertIcon aria-hidden="true" />}
      <AlertTitle>
        {result.ok ? "Connected" : "Could not connect"} · {result.latencyMs} ms
      </AlertTitle>
      <AlertDescription>
        <p className="break-words">{result.message}</p>
      </AlertDescription>
    </Alert>
  );
}
