"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/components/trpc-types";
import { cn } from "@/components/ui/utils";
import type { ImportSummary } from "./import-view";

const pageSize = 50;
type Filter = "all" | "errors";

/** The file's rows as they were read, page by page, each with its error or the message it became. */
export function ImportRows({ id, summary }: { id: string; summary: ImportSummary }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>(summary.invalidRows > 0 ? "errors" : "all");
  // the cursor of each page seen, so Previous goes back the way it came
  const [cursors, setCursors] = useState<number[]>([0]);
  const after = cursors.at(-1) ?? 0;
  const { data, isPending } = useQuery({
    ...trpc.import.rows.queryOptions({ id, filter, after, limit: pageSize }),
    refetchInterval: summary.status === "running" ? 2_000 : false,
    placeholderData: (previous) => previous,
  });
  const errorCount = summary.failedRows;
  const show = (next: Filter) => {
    setFilter(next);
    setCursors([0]);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Rows</h2>
        </CardTitle>
        <CardDescription>
          Row numbers are the spreadsheet&apos;s (the header is row 1) or the line of a JSONL file.
        </CardDescription>
        <CardAction>
          <div className="flex gap-1" role="group" aria-label="Which rows">
            <Button
              size="sm"
              variant={filter === "all" ? "secondary" : "ghost"}
              aria-pressed={filter === "all"}
              onClick={() => show("all")}
            >
              All
            </Button>
            <Button
              size="sm"
              variant={filter === "errors" ? "secondary" : "ghost"}
              aria-pressed={filter === "errors"}
              data-testid="rows-errors"
              onClick={() => show("errors")}
            >
              With errors ({errorCount.toLocaleString("en")})
            </Button>
          </div>
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-3">
        {/* a phone gets each row as a short card: six columns do not fit 390 pixels */}
        <ul className="divide-y rounded-lg border md:hidden" aria-label="Rows of the file">
          {data?.rows.map((row) => (
            <li
              key={row.rowNumber}
              className={cn("space-y-1 px-3 py-2 text-sm", row.error && "bg-rose-50/60")}
            >
              <div className="flex justify-between gap-2 text-xs text-muted-foreground">
                <span>Row {row.rowNumber}</span>
                <span className="truncate">{row.receivedAt ?? ""}</span>
              </div>
              <div className="truncate font-medium">{row.sender ?? "—"}</div>
              <div className="truncate text-muted-foreground">{row.subject ?? row.text ?? "—"}</div>
              <RowResult row={row} status={summary.status} />
            </li>
          ))}
          {data && data.rows.length === 0 ? (
            <li className="px-3 py-6 text-center text-sm text-muted-foreground">
              {filter === "errors" ? "No row has an error." : "No rows."}
            </li>
          ) : null}
        </ul>
        <div className="hidden rounded-lg border md:block">
          <Table className="table-fixed">
            <TableHeader>
              <TableRow>
                <TableHead className="w-14">Row</TableHead>
                <TableHead className="w-28">Row id</TableHead>
                <TableHead className="w-44">From</TableHead>
                <TableHead>Message</TableHead>
                <TableHead className="w-40">Received</TableHead>
                <TableHead className="w-64">Result</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {isPending && !data ? (
                <TableRow>
                  <TableCell colSpan={6}>
                    <Skeleton className="h-6 w-full" />
                  </TableCell>
                </TableRow>
              ) : null}
              {data && data.rows.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={6} className="py-8 text-center text-muted-foreground">
                    {filter === "errors" ? "No row has an error." : "No rows."}
                  </TableCell>
                </TableRow>
              ) : null}
              {data?.rows.map((row) => (
                <TableRow
                  key={row.rowNumber}
                  data-testid="import-row-item"
                  data-row={row.rowNumber}
                  className={row.error ? "bg-rose-50/60" : undefined}
                >
                  <TableCell className="align-top tabular-nums">{row.rowNumber}</TableCell>
                  <TableCell className="truncate align-top font-mono text-xs" title={row.rowId ?? undefined}>
                    {row.rowId?.startsWith("content:") ? (
                      <span className="text-muted-foreground">from content</span>
                    ) : (
                      (row.rowId ?? "—")
                    )}
                  </TableCell>
                  <TableCell className="truncate align-top" title={row.sender ?? undefined}>
                    {row.sender ?? <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell className="align-top">
                    <div className="truncate font-medium">{row.subject ?? "(no subject)"}</div>
                    <p className="line-clamp-2 text-sm break-words whitespace-pre-line text-muted-foreground">
                      {row.text ?? "—"}
                    </p>
                  </TableCell>
                  <TableCell
                    className="truncate align-top text-xs text-muted-foreground"
                    title={row.receivedAt ?? undefined}
                  >
                    {row.receivedAt ?? "—"}
                  </TableCell>
                  <TableCell className="align-top text-sm">
                    <RowResult row={row} status={summary.status} withTestIds />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <div className="flex items-center justify-end gap-2">
          <Button
            size="sm"
            variant="outline"
            disabled={cursors.length === 1}
            onClick={() => setCursors((previous) => previous.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={!data?.nextAfter}
            onClick={() => {
              const next = data?.nextAfter;
              if (next) setCursors((previous) => [...previous, next]);
            }}
          >
            Next
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

type Row = RouterOutputs["import"]["rows"]["rows"][number];

/** What became of a row: its error, the message it became (or was already), or that it waits. */
function RowResult({
  row,
  status,
  withTestIds = false,
}: {
  row: Row;
  status: ImportSummary["status"];
  withTestIds?: boolean;
}) {
  return (
    <>
      {row.error ? (
        <span className="text-destructive" data-testid={withTestIds ? "row-error" : undefined}>
          {row.error}
        </span>
      ) : row.messageId ? (
        <Link
          href={`/messages/${row.messageId}`}
          className="underline-offset-2 hover:underline"
          data-testid={withTestIds ? "row-message" : undefined}
        >
          {row.duplicate ? "Imported before" : "Imported"}
          {row.messageStatus ? ` · ${humanize(row.messageStatus).toLowerCase()}` : ""}
        </Link>
      ) : (
        <span className="text-muted-foreground">{status === "previewed" ? "Ready" : "Waiting"}</span>
      )}
    </>
  );
}
