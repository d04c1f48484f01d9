"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlugZapIcon, RefreshCwIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { formatDateTime, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import type { RouterOutputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { MailboxView } from "./form-values";
import { MailboxDialog } from "./mailbox-dialog";
import { PollStateBadge } from "./poll-state-badge";
import { TestResultAlert } from "./test-result";

type PollResult = RouterOutputs["mailbox"]["poll"]["result"];

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** What "Poll now" did, for a person to read. */
function pollNotice(name: string, result: PollResult): Notice {
  if (result.status === "failed")
    return { tone: "destructive", title: `${name}: the poll failed`, text: result.error };
  if (result.status === "skipped")
    return {
      tone: "warning",
      title: `${name} was not polled`,
      text:
        result.reason === "busy"
          ? "A worker is polling it right now; its outcome shows here when it is done."
          : result.reason === "disabled"
            ? "It is disabled."
            : "It no longer exists.",
    };
  const already = result.alreadyStored + result.skipped;
  return {
    tone: "success",
    title: `${name} polled`,
    text:
      `${plural(result.stored, "new message")} stored` +
      (already > 0 ? `, ${plural(already, "message")} already stored` : "") +
      (result.more ? "; more is waiting and is read next." : "."),
  };
}

function When({ date, never = "Never" }: { date: Date | null; never?: string }) {
  return date ? <span title={formatDateTime(date)}>{timeAgo(date)}</span> : <>{never}</>;
}

/** A mailbox: where it is, how its polling goes, and testing, polling, editing and enabling it. */
export function MailboxCard({ mailbox }: { mailbox: MailboxView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const invalidate = () => queryClient.invalidateQueries(trpc.mailbox.pathFilter());
  const test = useMutation(trpc.mailbox.test.mutationOptions());
  const poll = useMutation(
    trpc.mailbox.poll.mutationOptions({
      onSuccess: ({ result }) => setNotice(pollNotice(mailbox.name, result)),
      onError: (error) => setNotice({ tone: "destructive", title: "Not polled", text: error.message }),
      onSettled: invalidate,
    }),
  );
  const setEnabled = useMutation(
    trpc.mailbox.setEnabled.mutationOptions({
      onSuccess: (saved) =>
        setNotice({
          tone: "success",
          title: saved.enabled ? `${saved.name} enabled` : `${saved.name} disabled`,
          text: saved.enabled
            ? "The worker polls it again, starting now."
            : "The worker stops polling it. Nothing it stored is removed.",
        }),
      onError: (error) => setNotice({ tone: "destructive", title: "Not changed", text: error.message }),
      onSettled: invalidate,
    }),
  );
  const { poll: state } = mailbox;
  const testResultId = `mailbox-${mailbox.id}-test-result`;

  return (
    <Card data-testid="mailbox-card" aria-labelledby={`mailbox-${mailbox.id}-title`} role="region">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <h2 id={`mailbox-${mailbox.id}-title`} className="break-words">
            {mailbox.name}
          </h2>
          <PollStateBadge state={state.state} />
          {mailbox.trusted ? <Badge variant="outline">Trusted</Badge> : null}
        </CardTitle>
        <CardDescription className="font-mono text-xs break-all">
          {mailbox.username} @ {mailbox.host}:{mailbox.port} · {mailbox.mailbox}
        </CardDescription>
        <CardAction>
          <MailboxDialog
            mailbox={mailbox}
            onSaved={(saved) => setNotice({ tone: "success", title: "Saved", text: savedText(saved) })}
          />
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        {state.lastError ? (
          <Alert variant="destructive">
            <AlertTitle>
              The last poll failed{" "}
              {state.consecutiveFailures > 1 ? `(${state.consecutiveFailures} in a row)` : null}
            </AlertTitle>
            <AlertDescription className="break-words">{state.lastError}</AlertDescription>
          </Alert>
        ) : null}

        <dl className="grid gap-x-8 gap-y-2 lg:grid-cols-2">
          <Item term="Last poll">
            <When date={state.lastPolledAt} />
          </Item>
          <Item term="Last success">
            <When date={state.lastSucceededAt} />
          </Item>
          <Item term="Next poll">
            {state.nextPollAt ? <When date={state.nextPollAt} /> : "Not while disabled"}
          </Item>
          <Item term="Failures in a row">
            <span className={state.consecutiveFailures > 0 ? "text-destructive" : undefined}>
              {state.consecutiveFailures}
            </span>
          </Item>
          <Item term="Messages stored" testId="messages-stored">
            {mailbox.messagesStored.toLocaleString("en")}
            {state.lastPollStored > 0 ? (
              <span className="text-muted-foreground"> ({state.lastPollStored} by the last poll)</span>
            ) : null}
          </Item>
          <Item term="Once stored">
            {mailbox.processedAction === "move" ? (
              <>
                moved to <span className="font-mono text-xs">{mailbox.processedMailbox}</span>
              </>
            ) : (
              "flagged in place"
            )}
          </Item>
          <Item term="Connection">{mailbox.secure ? "TLS" : "plain IMAP, STARTTLS when offered"}</Item>
          <Item term="Senders">
            {mailbox.trusted ? "verified (trusted mailbox)" : "by Authentication-Results"}
          </Item>
        </dl>

        <div className="flex flex-wrap items-center gap-2 border-t pt-3">
          <Button
            size="sm"
            variant="outline"
            disabled={test.isPending}
            aria-describedby={test.data || test.error ? testResultId : undefined}
            onClick={() =>
              test.mutate({
                id: mailbox.id,
                host: mailbox.host,
                port: mailbox.port,
                secure: mailbox.secure,
                username: mailbox.username,
                mailbox: mailbox.mailbox,
              })
            }
          >
            <PlugZapIcon aria-hidden="true" />
            {test.isPending ? "Testing…" : "Test connection"}
            <span className="sr-only"> of {mailbox.name}</span>
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={!mailbox.enabled || poll.isPending}
            title={mailbox.enabled ? undefined : "Enable it to poll it"}
            onClick={() => poll.mutate({ id: mailbox.id })}
          >
            <RefreshCwIcon aria-hidden="true" className={poll.isPending ? "animate-spin" : undefined} />
            {poll.isPending ? "Polling…" : "Poll now"}
            <span className="sr-only"> {mailbox.name}</span>
          </Button>
          <Button
            size="sm"
            variant="ghost"
            className="ml-auto"
            disabled={setEnabled.isPending}
            onClick={() => setEnabled.mutate({ id: mailbox.id, enabled: !mailbox.enabled })}
          >
            {mailbox.enabled ? "Disable" : "Enable"}
            <span className="sr-only"> {mailbox.name}</span>
          </Button>
        </div>
        <div id={testResultId} role="status" aria-live="polite" className="empty:hidden">
          <TestResultAlert result={test.data} error={test.error?.message ?? null} />
        </div>
      </CardContent>
    </Card>
  );
}

function savedText(saved: { name: string; enabled: boolean }): string {
  return saved.enabled
    ? `${saved.name} is polled with the new settings, starting now.`
    : `${saved.name} is saved and disabled: it is not polled.`;
}

function Item({ term, testId, children }: { term: string; testId?: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-2">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
