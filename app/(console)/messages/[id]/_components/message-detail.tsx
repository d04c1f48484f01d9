"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { ArrowLeftIcon, ShieldAlertIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { PageHeader } from "@/components/app-shell/page-header";
import { EvidenceText, type EvidenceHighlight } from "@/components/changes/evidence-text";
import { StatusBadge } from "@/components/changes/status-badge";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ArrivalPanel } from "./arrival-panel";
import { AttachmentList } from "./attachment-list";
import { LinkCustomerPanel } from "./link-customer-panel";
import { ReadingPanel } from "./reading-panel";
import { ReplyPanel, SentReply } from "./reply-panel";
import { SourcePanel } from "./source-panel";
import { ThreadPanel } from "./thread-panel";

export type MessageDetailData = RouterOutputs["message"]["get"];

/**
 * One message and what a person can do with it: link an unmatched sender to a customer, or send
 * the drafted reply a needs-information item asks for. Other statuses are shown read-only, with a
 * link to where the message went.
 */
export function MessageDetail({ id, canAct }: { id: string; canAct: boolean }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery({
    ...trpc.message.get.queryOptions({ id }),
    // a linked message goes back through the pipeline: follow it until it lands
    refetchInterval: (query) => {
      const status = query.state.data?.message.status;
      return status === "received" || status === "processing" ? 1_500 : false;
    },
  });
  const { message } = data;
  const highlights = useMemo<EvidenceHighlight[]>(() => {
    const spans = [...data.requests, ...data.intents].flatMap((item, index) =>
      item.span ? [{ ...item.span, id: `${item.intent}-${index}`, label: item.label }] : [],
    );
    // one highlight per place in the text, whichever list it came from
    return spans.filter(
      (span, i) => spans.findIndex((s) => s.start === span.start && s.end === span.end) === i,
    );
  }, [data.requests, data.intents]);

  return (
    <>
      <Link
        href="/messages"
        className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
      >
        <ArrowLeftIcon aria-hidden="true" className="size-4" /> Messages
      </Link>
      <PageHeader
        title={message.subject ?? "(no subject)"}
        description={`From ${message.sender} via ${message.channel} · received ${formatDateTime(message.receivedAt)}`}
        actions={<StatusBadge status={message.status} />}
      />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex min-w-0 flex-col gap-5">
          {data.flags.length > 0 ? (
            <Alert variant="warning" data-testid="message-flags">
              <ShieldAlertIcon aria-hidden="true" />
              <AlertTitle>Flagged for a person</AlertTitle>
              <AlertDescription>
                <ul className="list-disc pl-4">
                  {data.flags.map((flag) => (
                    <li key={flag.flag}>
                      {flag.reason}
                      {flag.flag === "unsupported_language" && message.language
                        ? ` (detected: ${message.language})`
                        : ""}
                    </li>
                  ))}
                </ul>
                Nothing in it is changed automatically; read it before answering.
              </AlertDescription>
            </Alert>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Message</CardTitle>
              <p className="text-sm text-muted-foreground">
                {message.language ? `Language: ${message.language}` : "Language not detected"}
                {highlights.length ? " · highlighted: where each request was read" : ""}
              </p>
            </CardHeader>
            <CardContent>
              <div data-testid="message-text">
                <EvidenceText text={message.text} highlights={highlights} />
              </div>
              <AttachmentList messageId={message.id} attachments={data.attachments} />
            </CardContent>
          </Card>
          <ThreadPanel thread={data.thread} />
          <ReadingPanel data={data} />
          {data.source ? <SourcePanel messageId={message.id} source={data.source} /> : null}
        </div>
        <aside className="flex min-w-0 flex-col gap-5" aria-label="What to do with this message">
          <ActionPanel data={data} canAct={canAct} />
          <ArrivalPanel message={message} />
        </aside>
      </div>
    </>
  );
}

function ActionPanel({ data, canAct }: { data: MessageDetailData; canAct: boolean }) {
  const { message } = data;
  if (message.status === "unmatched") return <LinkCustomerPanel data={data} canAct={canAct} />;
  if (message.status === "needs_information") return <ReplyPanel data={data} canAct={canAct} />;
  if (message.status === "answered") return <SentReply data={data} />;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Where it went</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-2 text-sm">
        {message.status === "received" || message.status === "processing" ? (
          <p role="status">
            The pipeline is reading this message
            {data.contact ? ` for ${data.contact.name}` : ""}. This page updates when it is done.
          </p>
        ) : null}
        {message.status === "no_change" ? (
          <p>It asked for nothing to be changed; nothing was proposed.</p>
        ) : null}
        {message.status === "failed" ? (
          <p className="text-destructive">
            Processing failed: {message.error}. Retry it from the messages list.
          </p>
        ) : null}
        {data.contact ? (
          <p>
            Customer:{" "}
            <Link
              href={`/customers/${data.contact.id}`}
              className="font-medium underline-offset-2 hover:underline"
            >
              {data.contact.name}
            </Link>
            {message.resolutionMethod === "linked_by_person" ? " (linked by a person)" : null}
          </p>
        ) : null}
        {data.proposal ? (
          <p>
            Proposal:{" "}
            <Link
              href={`/proposals/${data.proposal.id}`}
              className="font-medium underline-offset-2 hover:underline"
              data-testid="message-proposal-link"
            >
              {data.proposal.summary}
            </Link>{" "}
            <StatusBadge status={data.proposal.status} className="ml-1 align-middle" />
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
