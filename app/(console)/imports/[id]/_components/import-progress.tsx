import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { CircleAlertIcon } from "lucide-react";
import type { ImportSummary } from "./import-view";

const count = (n: number) => n.toLocaleString("en");

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-md border px-3 py-2">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {count(value)}
      </dd>
    </div>
  );
}

/** Where a started import stands: the progress bar over its valid rows, and what each row became. */
export function ImportProgress({ summary }: { summary: ImportSummary }) {
  const percent =
    summary.validRows === 0 ? 100 : Math.floor((summary.processedRows / summary.validRows) * 100);
  const status =
    summary.status === "done"
      ? "Finished"
      : summary.status === "paused"
        ? "Paused: resume to continue from the next row"
        : summary.status === "failed"
          ? "Stopped by an error: resume to try again from the next row"
          : "Importing in the background; you can leave this page";
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Progress</h2>
        </CardTitle>
        <CardDescription>{status}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {summary.error ? (
          <Alert variant="destructive">
            <CircleAlertIcon aria-hidden="true" />
            <AlertTitle>The last run failed</AlertTitle>
            <AlertDescription>{summary.error}</AlertDescription>
          </Alert>
        ) : null}
        <div className="space-y-2">
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            <span data-testid="import-progress-text">
              {count(summary.processedRows)} of {count(summary.validRows)} rows
            </span>
            <span className="text-muted-foreground tabular-nums">{percent}%</span>
          </div>
          <Progress
            value={percent}
            aria-label="Import progress"
            data-testid="import-progress"
            indicatorClassName={summary.status === "failed" ? "bg-destructive" : undefined}
          />
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Figure label="Imported" value={summary.importedRows} testId="import-imported" />
          <Figure
            label="Already imported (duplicates)"
            value={summary.duplicateRows}
            testId="import-duplicates"
          />
          <Figure label="Rows with errors (skipped)" value={summary.failedRows} testId="import-failed" />
          <Figure
            label="Waiting for the pipeline"
            value={summary.awaitingPipeline}
            testId="import-awaiting"
          />
        </dl>
        <p className="text-sm text-muted-foreground">
          Imported messages are read by the pipeline after live ones, so a customer writing now is never kept
          waiting by an import. Their senders are unverified: any change they ask for goes to a person.
        </p>
      </CardContent>
    </Card>
  );
}
