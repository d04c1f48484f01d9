"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { SendIcon } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { MessageDetailData } from "./message-detail";

/**
 * A needs-information item: the reply drafted to ask the customer for what is missing. A person
 * reads it, may edit it, and sends it; only then does it go into the outbox. Ctrl+Enter (⌘+Enter)
 * in the text sends it.
 */
export function ReplyPanel({ data, canAct }: { data: MessageDetailData; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subjectId = useId();
  const bodyId = useId();
  const draft = data.draft;
  const [subject, setSubject] = useState(draft?.subject ?? "");
  const [body, setBody] = useState(draft?.body ?? "");
  const [notice, setNotice] = useState<Notice | null>(null);
  const send = useMutation(
    trpc.message.sendReply.mutationOptions({
      onSuccess: () => setNotice(null),
      onError: (error) => setNotice({ tone: "destructive", title: "Not sent", text: error.message }),
      onSettled: () => queryClient.invalidateQueries(trpc.message.pathFilter()),
    }),
  );
  const edited = subject !== (draft?.subject ?? "") || body !== (draft?.body ?? "");
  const ready = subject.trim().length > 0 && body.trim().length > 0;
  const submit = () => {
    if (!ready || send.isPending) return;
    send.mutate({ messageId: data.message.id, expectedStatus: "needs_information", subject, body });
  };

  return (
    <Card data-testid="reply-panel">
      <CardHeader>
        <CardTitle className="text-base">Ask the customer</CardTitle>
        <CardDescription>
          Drafted {draft?.language && draft.language !== "en" ? `in ${draft.language} ` : ""}to{" "}
          <span className="font-medium text-foreground">{data.message.sender}</span>
          {data.contact ? ` (${data.contact.name})` : ""}. Nothing is sent until you send it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!canAct ? (
          <div className="flex flex-col gap-2 text-sm">
            <p className="text-muted-foreground">Your role can read the draft but not send it.</p>
            <pre className="rounded-md border bg-muted/40 p-3 font-sans whitespace-pre-wrap">
              {draft?.body}
            </pre>
          </div>
        ) : (
          <form
            className="flex flex-col gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={subjectId}>Subject</Label>
              <Input
                id={subjectId}
                value={subject}
                onChange={(event) => setSubject(event.target.value)}
                data-testid="reply-subject"
              />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={bodyId}>Reply</Label>
              <Textarea
                id={bodyId}
                value={body}
                rows={12}
                className="font-sans leading-relaxed"
                onChange={(event) => setBody(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                    event.preventDefault();
                    submit();
                  }
                }}
                data-testid="reply-body"
              />
            </div>
            <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" disabled={!ready || send.isPending} data-testid="send-reply">
                <SendIcon aria-hidden="true" />
                {send.isPending ? "Sending…" : "Send reply"}
              </Button>
              {edited ? (
                <Button
                  type="button"
                  variant="ghost"
                  onClick={() => {
                    setSubject(draft?.subject ?? "");
                    setBody(draft?.body ?? "");
                  }}
                >
                  Restore the draft
                </Button>
              ) : null}
              <span className="ml-auto text-xs text-muted-foreground">
                <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> sends
              </span>
            </div>
            {!ready ? (
              <p className="text-sm text-destructive" role="alert">
                The reply needs a subject and a text.
              </p>
            ) : null}
          </form>
        )}
      </CardContent>
    </Card>
  );
}

const replyStates = {
  pending: "Waiting in the outbox",
  sent: "Sent",
  failed: "Failed, will retry",
  dead: "Not delivered",
} as const;

/** An answered message: the reply as sent, and where it is now. */
export function SentReply({ data }: { data: MessageDetailData }) {
  const { reply } = data;
  return (
    <Card data-testid="sent-reply">
      <CardHeader>
        <CardTitle className="text-base">Reply sent to the customer</CardTitle>
        <CardDescription>
          {data.message.answeredAt ? `Approved ${formatDateTime(data.message.answeredAt)}. ` : ""}
          {reply ? (
            <>
              <span className="font-medium text-foreground" data-testid="reply-state">
                {reply.status === "pending" && reply.lastError ? "Kept in outbox" : replyStates[reply.status]}
              </span>
              {reply.lastError ? `: ${reply.lastError}` : "."}{" "}
              <Link href="/outbox" className="underline underline-offset-2">
                See the outbox
              </Link>
            </>
          ) : (
            "The reply is not in the outbox."
          )}
        </CardDescription>
      </CardHeader>
      {reply ? (
        <CardContent className="flex flex-col gap-2 text-sm">
          <p className="font-medium">{reply.subject}</p>
          <pre className="rounded-md border bg-muted/40 p-3 font-sans whitespace-pre-wrap">{reply.body}</pre>
        </CardContent>
      ) : null}
    </Card>
  );
}
