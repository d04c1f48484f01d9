"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { MailboxIcon } from "lucide-react";
import { useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { PageHeader } from "@/components/app-shell/page-header";
import { useTRPC } from "@/components/trpc";
import { MailboxCard } from "./mailbox-card";
import { MailboxDialog } from "./mailbox-dialog";

/** The page's header with "Add mailbox", then every mailbox by name, each in its card. */
export function MailboxList({ description }: { description: string }) {
  const trpc = useTRPC();
  // the worker polls on its own: the page follows it without a reload
  const { data } = useSuspenseQuery({ ...trpc.mailbox.list.queryOptions(), refetchInterval: 15_000 });
  const [notice, setNotice] = useState<Notice | null>(null);
  return (
    <>
      <PageHeader
        title="Mailboxes"
        description={description}
        actions={
          <MailboxDialog
            onSaved={(saved) =>
              setNotice({
                tone: "success",
                title: "Mailbox added",
                text: saved.enabled
                  ? `${saved.name} is polled now, then every ${data.pollIntervalSeconds} seconds.`
                  : `${saved.name} is saved and disabled: enable it to have it polled.`,
              })
            }
          />
        }
      />
      <div className="space-y-6">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        {data.mailboxes.length === 0 ? (
          <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed px-6 py-12 text-center">
            <MailboxIcon aria-hidden="true" className="size-6 text-muted-foreground" />
            <p className="font-medium">No mailbox yet</p>
            <p className="max-w-md text-sm text-muted-foreground">
              Add a support inbox and the worker reads it every {data.pollIntervalSeconds} seconds: each new
              email becomes a message on the email channel, stored once.
            </p>
          </div>
        ) : (
          <div className="grid gap-6">
            {data.mailboxes.map((mailbox) => (
              <MailboxCard key={mailbox.id} mailbox={mailbox} />
            ))}
          </div>
        )}
      </div>
    </>
  );
}
