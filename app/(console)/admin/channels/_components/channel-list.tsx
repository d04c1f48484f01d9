"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { keyChannelInfo } from "@/components/channels/key-channels";
import { useTRPC } from "@/components/trpc";
import { signatureHeaderFormat } from "./signature-format";
import { ChannelCard } from "./channel-card";
import { ChannelKeys } from "./channel-keys";
import { ChatSecret } from "./chat-secret";
import { EndpointUrl } from "./endpoint-url";
import { MailboxSummary } from "./mailbox-summary";
import { TrustedServers } from "./trusted-servers";

function Code({ children }: { children: ReactNode }) {
  return <code className="font-mono text-xs break-words">{children}</code>;
}

/**
 * Every channel a customer message can arrive on, with its endpoint at this page's origin and the
 * settings that decide whether its senders count as verified.
 */
export function ChannelList({ origin }: { origin: string }) {
  const trpc = useTRPC();
  const { data: settings } = useSuspenseQuery(trpc.channel.settings.queryOptions());
  const { data: keys } = useSuspenseQuery(trpc.user.listApiKeys.queryOptions());
  const { data: mailboxes } = useSuspenseQuery(trpc.mailbox.list.queryOptions());
  const url = (path: string) => `${origin}${path}`;

  return (
    // columns, not a grid: the cards differ a lot in height, and each column packs its own
    <div className="gap-6 xl:columns-2 [&>*]:mb-6 [&>*]:break-inside-avoid">
      <ChannelCard
        channel="email"
        title="Email"
        kind="Webhook"
        description="Customer emails, posted raw by a mail relay; emails read from IMAP mailboxes land here too."
        arrives={
          <>
            <EndpointUrl method="POST" url={url(keyChannelInfo.email.path)} label="email" />
            <p className="text-muted-foreground">
              The raw message as <Code>content-type: message/rfc822</Code>, with{" "}
              <Code>Authorization: Bearer &lt;key&gt;</Code> of a key allowed on email.
            </p>
          </>
        }
        verified={
          <>
            A trusted receiving server&apos;s <Code>Authentication-Results</Code> show DMARC, DKIM or SPF pass
            aligned with the From domain, or the email was read from a mailbox marked trusted.
          </>
        }
      >
        <TrustedServers email={settings.email} />
        <ChannelKeys channel="email" keys={keys} />
      </ChannelCard>

      <ChannelCard
        channel="imap"
        title="IMAP mailboxes"
        kind="Polled"
        description={`Support inboxes the worker reads every ${mailboxes.pollIntervalSeconds} seconds. Each email is stored once, by its mailbox's UIDVALIDITY and UID, then flagged or moved on the server.`}
        arrives={
          <p className="text-muted-foreground">
            Nothing is posted to Changedesk: the worker signs in to each mailbox over IMAP.
          </p>
        }
        verified={
          <>
            The mailbox is marked trusted (the admin vouches for its filtering); otherwise as for email, by a
            trusted server&apos;s <Code>Authentication-Results</Code>.
          </>
        }
      >
        <MailboxSummary mailboxes={mailboxes.mailboxes} />
      </ChannelCard>

      <ChannelCard
        channel="chat"
        title="Chat"
        kind="Webhook"
        description="Messages from a chat platform, each signed with the channel's secret. A replayed event id answers as a duplicate."
        arrives={
          <>
            <EndpointUrl method="POST" url={url("/api/channels/chat")} label="chat" />
            <p className="text-muted-foreground">
              JSON with <Code>{signatureHeaderFormat}</Code>, the timestamp within 5 minutes.
            </p>
          </>
        }
        verified="Always: the signed platform user id is the identity."
      >
        <ChatSecret chat={settings.chat} />
      </ChannelCard>

      <ChannelCard
        channel="ticket"
        title="Ticket notes"
        kind="Webhook"
        description="Notes from a helpdesk, with their ticket, requester and author."
        arrives={
          <>
            <EndpointUrl method="POST" url={url(keyChannelInfo.ticket.path)} label="ticket" />
            <p className="text-muted-foreground">
              JSON with <Code>Authorization: Bearer &lt;key&gt;</Code> of a key allowed on ticket.
            </p>
          </>
        }
        verified="A customer's note: the key is trusted to assert senders. An agent's note is staff-authored: its changes always need a second person, never its author."
      >
        <ChannelKeys channel="ticket" keys={keys} />
      </ChannelCard>

      <ChannelCard
        channel="api"
        title="API"
        kind="Webhook"
        description="JSON messages from any system: a source id, a sender, a text, and an optional metadata object kept and never read."
        arrives={
          <>
            <EndpointUrl method="POST" url={url(keyChannelInfo.api.path)} label="API" />
            <p className="text-muted-foreground">
              JSON with <Code>Authorization: Bearer &lt;key&gt;</Code> of a key allowed on API.
            </p>
          </>
        }
        verified="The key is trusted to assert senders; otherwise the sender is unverified and every change goes to a person."
      >
        <ChannelKeys channel="api" keys={keys} />
      </ChannelCard>

      <p className="text-sm text-muted-foreground">
        Staff notes and imports need no setting here: a staff note&apos;s changes always need a second person,
        and an imported sender is never verified. Who can sign in is on{" "}
        <Link className="underline underline-offset-2" href="/admin/users">
          Users
        </Link>
        .
      </p>
    </div>
  );
}
