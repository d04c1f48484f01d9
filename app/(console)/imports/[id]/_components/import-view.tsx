"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { ArrowLeftIcon, PauseIcon, PlayIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { PageHeader } from "@/components/app-shell/page-header";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Button } from "@/components/ui/button";
import { ImportStatusBadge } from "../../_components/import-status";
import { ImportProgress } from "./import-progress";
import { ImportRows } from "./import-rows";
import { MappingCard } from "./mapping-card";

export type ImportSummary = RouterOutputs["import"]["get"];

const count = (n: number) => n.toLocaleString("en");

/** One import: its preview and mapping before it starts, its progress after, and its rows throughout. */
export function ImportView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: summary } = useSuspenseQuery({
    ...trpc.import.get.queryOptions({ id }),
    // while it runs, the progress bar follows the counters the worker moves
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1_000 : false),
  });
  const [notice, setNotice] = useState<Notice | null>(null);
  const invalidate = () => queryClient.invalidateQueries(trpc.import.pathFilter());
  const onError = (title: string) => (error: { message: string }) =>
    setNotice({ tone: "destructive", title, text: error.message });
  const start = useMutation(
    trpc.import.start.mutationOptions({
      onSettled: invalidate,
      onError: onError("The import did not start"),
    }),
  );
  const pause = useMutation(
    trpc.import.pause.mutationOptions({
      onSettled: invalidate,
      onError: onError("The import was not paused"),
    }),
  );
  const resume = useMutation(
    trpc.import.resume.mutationOptions({
      onSettled: invalidate,
      onError: onError("The import did not resume"),
    }),
  );

  const actions =
    summary.status === "previewed" ? (
      <Button
        data-testid="import-start"
        disabled={start.isPending || summary.validRows === 0}
        onClick={() => start.mutate({ id })}
      >
        <PlayIcon aria-hidden="true" />
        Import {count(summary.validRows)} {summary.validRows === 1 ? "row" : "rows"}
      </Button>
    ) : summary.status === "running" ? (
      <Button
        variant="outline"
        data-testid="import-pause"
        disabled={pause.isPending}
        onClick={() => pause.mutate({ id })}
      >
        <PauseIcon aria-hidden="true" />
        Pause
      </Button>
    ) : summary.status === "paused" || summary.status === "failed" ? (
      <Button data-testid="import-resume" disabled={resume.isPending} onClick={() => resume.mutate({ id })}>
        <PlayIcon aria-hidden="true" />
        Resume
      </Button>
    ) : null;

  return (
    <>
      <Link
        href="/imports"
        className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeftIcon aria-hidden="true" className="size-4" />
        Imports
      </Link>
      <PageHeader
        title={
          <span className="flex min-w-0 flex-wrap items-center gap-2">
            <span className="min-w-0 truncate" data-testid="import-filename">
              {summary.filename}
            </span>
            <ImportStatusBadge status={summary.status} />
          </span>
        }
        description={
          <>
            {summary.format.toUpperCase()} · {count(summary.totalRows)} rows · uploaded{" "}
            {formatDateTime(summary.createdAt)}
            {summary.createdBy ? ` by ${summary.createdBy.name}` : ""}
          </>
        }
        actions={actions}
      />
      <div className="space-y-6">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        {summary.status === "previewed" ? (
          <MappingCard summary={summary} />
        ) : (
          <ImportProgress summary={summary} />
        )}
        <ImportRows id={id} summary={summary} />
      </div>
    </>
  );
}
