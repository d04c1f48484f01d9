"use client";

import { useQuery } from "@tanstack/react-query";
import { DownloadIcon } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { describeByteSize } from "@/contracts/values";
import type { MessageDetailData } from "./message-detail";

/**
 * The email exactly as it arrived: read here as text (its start, when it is long; fetched only
 * when opened), or downloaded whole as an `.eml` with every byte as received.
 */
export function SourcePanel({
  messageId,
  source,
}: {
  messageId: string;
  source: NonNullable<MessageDetailData["source"]>;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const { data, error, isPending } = useQuery({
    ...trpc.message.source.queryOptions({ id: messageId }),
    enabled: open,
    staleTime: Infinity,
  });
  return (
    <Card data-testid="message-source">
      <CardHeader>
        <CardTitle className="text-base">Raw source</CardTitle>
        <CardDescription>
          As it arrived, headers and all · {describeByteSize(source.sizeBytes)}
        </CardDescription>
        <CardAction>
          <Button asChild variant="outline" size="sm">
            <a href={`/api/messages/${messageId}/source`} download data-testid="source-download">
              <DownloadIcon aria-hidden="true" />
              Download .eml
            </a>
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        <details className="group rounded-md border" onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium outline-none select-none focus-visible:ring-2 focus-visible:ring-ring">
            Show the source
            <span className="ml-2 font-normal text-muted-foreground">
              (the sender&apos;s text, shown as text)
            </span>
          </summary>
          {error ? (
            <p className="border-t px-3 py-2 text-sm text-destructive" role="alert">
              {error.message}
            </p>
          ) : open && isPending ? (
            <p className="border-t px-3 py-2 text-sm text-muted-foreground" role="status">
              Loading the source…
            </p>
          ) : data ? (
            <>
              <pre
                data-testid="message-source-text"
                // scrollable, so it must take focus to be scrolled from the keyboard
                tabIndex={0}
                aria-label="Raw source of the email"
                className="max-h-[32rem] overflow-auto border-t bg-muted/40 px-3 py-2 font-mono text-xs wrap-anywhere whitespace-pre-wrap outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                {data.text}
              </pre>
              {data.truncated ? (
                <p
                  className="border-t px-3 py-2 text-xs text-muted-foreground"
                  data-testid="source-truncated"
                >
                  Showing the first {describeByteSize(data.shownBytes)} of {describeByteSize(data.sizeBytes)};
                  download the .eml for all of it.
                </p>
              ) : null}
            </>
          ) : null}
        </details>
      </CardContent>
    </Card>
  );
}
