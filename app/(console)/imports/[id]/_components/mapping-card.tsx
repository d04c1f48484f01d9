"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { useTRPC } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import {
  importFieldLabels,
  importFields,
  requiredImportFields,
  type ImportField,
  type ImportMapping,
} from "@/contracts/import-inputs";
import type { ImportSummary } from "./import-view";

// a column name can be any text but never holds a NUL (the server replaces it), so this cannot clash
const notRead = "\u0000not-read";
const count = (n: number) => n.toLocaleString("en");

function Figure({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number;
  tone?: string;
  testId: string;
}) {
  return (
    <div className="rounded-md border px-3 py-2">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? ""}`} data-testid={testId}>
        {count(value)}
      </dd>
    </div>
  );
}

/**
 * The dry run's outcome and the columns each field is read from. Changing a column reads every
 * row again on the server (the counts and the errors below follow); nothing is imported yet.
 */
export function MappingCard({ summary }: { summary: ImportSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const update = useMutation(
    trpc.import.updateMapping.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.import.pathFilter()),
      onError: (error) =>
        setNotice({ tone: "destructive", title: "The columns were not changed", text: error.message }),
    }),
  );
  const choose = (field: ImportField, column: string) => {
    const mapping: ImportMapping = { ...summary.mapping, [field]: column === notRead ? null : column };
    update.mutate({ id: summary.id, mapping });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Preview</h2>
        </CardTitle>
        <CardDescription>
          Every row was read as below. Check the columns, fix the file if many rows have errors, then start
          the import: rows with errors are skipped and listed.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Figure label="Rows" value={summary.totalRows} testId="preview-total" />
          <Figure
            label="Will be imported"
            value={summary.validRows}
            testId="preview-valid"
            tone="text-emerald-700"
          />
          <Figure
            label="With errors (skipped)"
            value={summary.invalidRows}
            testId="preview-invalid"
            tone={summary.invalidRows ? "text-destructive" : undefined}
          />
          <Figure
            label="Imported before (duplicates)"
            value={summary.previouslyImported}
            testId="preview-previous"
          />
        </dl>

        <fieldset className="space-y-3" disabled={update.isPending}>
          <legend className="text-sm font-medium">Columns</legend>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {importFields.map((field) => {
              const column = summary.mapping[field];
              const detected = summary.detected[field];
              const required = requiredImportFields.includes(field);
              return (
                <div key={field} className="grid min-w-0 gap-1.5">
                  <Label htmlFor={`mapping-${field}`}>
                    {importFieldLabels[field]}
                    {required ? <span className="text-destructive"> *</span> : null}
                  </Label>
                  <Select value={column ?? notRead} onValueChange={(value) => choose(field, value)}>
                    <SelectTrigger
                      id={`mapping-${field}`}
                      className="w-full min-w-0"
                      aria-invalid={required && column === null ? true : undefined}
                      data-testid={`mapping-${field}`}
                    >
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={notRead}>Not read</SelectItem>
                      {summary.headers.map((header) => (
                        <SelectItem key={header} value={header}>
                          {header}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                  <p className="truncate text-xs text-muted-foreground">
                    {column !== null && column === detected
                      ? "Detected from the header"
                      : detected
                        ? `Detected: ${detected}`
                        : column === null && field === "receivedAt"
                          ? "Not read: messages are dated when the file was uploaded"
                          : column === null && field === "rowId"
                            ? "Not read: each row's id is a hash of its content"
                            : "Not detected"}
                  </p>
                </div>
              );
            })}
          </div>
          {summary.ignored.length ? (
            <p className="text-sm text-muted-foreground">
              Ignored: {summary.ignored.map((column) => `“${column}”`).join(", ")}. Imported messages are
              always the import channel.
            </p>
          ) : null}
        </fieldset>

        <div className="rounded-md border bg-muted/40 px-4 py-3 text-sm">
          <p className="font-medium">Importing twice is safe</p>
          <p className="mt-1 text-muted-foreground">
            A row is known by its row id: a row whose id was imported before, from this file or any other,
            counts as a duplicate and makes no new message. A row without an id gets one from a hash of its
            sender, date, subject and text, so the same file imported again is the same rows. Dates without a
            time zone are read as UTC; write others as ISO 8601.
          </p>
        </div>
      </CardContent>
    </Card>
  );
}
