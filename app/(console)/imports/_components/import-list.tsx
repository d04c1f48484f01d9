"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ImportStatusBadge } from "./import-status";
import { importListInput } from "./import-list-input";

const count = (n: number) => n.toLocaleString("en");

/** Every import, newest first, with where it stands; a running one is polled. */
export function ImportList() {
  const trpc = useTRPC();
  const { data: imports } = useSuspenseQuery({
    ...trpc.import.list.queryOptions(importListInput),
    refetchInterval: (query) => (query.state.data?.some((item) => item.status === "running") ? 2_000 : false),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Imports</h2>
        </CardTitle>
        <CardDescription>Each upload, its rows and what became of them.</CardDescription>
      </CardHeader>
      <CardContent>
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>File</TableHead>
                <TableHead className="w-32">Status</TableHead>
                <TableHead className="text-right">Rows</TableHead>
                <TableHead className="text-right">Imported</TableHead>
                <TableHead className="text-right">Duplicates</TableHead>
                <TableHead className="text-right">With errors</TableHead>
                <TableHead>Uploaded</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {imports.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7} className="py-8 text-center text-muted-foreground">
                    No imports yet. Upload a file above to preview it.
                  </TableCell>
                </TableRow>
              ) : null}
              {imports.map((item) => (
                <TableRow key={item.id} data-testid="import-row">
                  <TableCell className="max-w-64">
                    <Link href={`/imports/${item.id}`} className="block truncate font-medium hover:underline">
                      {item.filename}
                    </Link>
                    <span className="text-xs text-muted-foreground uppercase">{item.format}</span>
                  </TableCell>
                  <TableCell>
                    <ImportStatusBadge status={item.status} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{count(item.totalRows)}</TableCell>
                  <TableCell className="text-right tabular-nums">{count(item.importedRows)}</TableCell>
                  <TableCell className="text-right tabular-nums">{count(item.duplicateRows)}</TableCell>
                  <TableCell className="text-right tabular-nums">{count(item.failedRows)}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    <span title={formatDateTime(item.createdAt)}>{timeAgo(item.createdAt)}</span>
                    <div className="text-xs">by {item.createdByName ?? "unknown"}</div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </CardContent>
    </Card>
  );
}
