import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { env } from "@/server/env";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { MessageList } from "./_components/message-list";
import { MessageStatusFilter } from "./_components/message-status-filter";
import { UploadEmailDialog } from "./_components/upload-email-dialog";
import { messageListInput, parseMessageStatus } from "./_components/message-list-input";

export const metadata = { title: "Messages · Changedesk" };

export default async function MessagesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const status = parseMessageStatus((await searchParams).status);
  const session = await getServerAuthSession();
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.message.list.queryOptions(messageListInput(status))),
    queryClient.prefetchQuery(trpc.message.attentionCounts.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Messages"
        description="Everything received, newest first, with what the pipeline made of it."
        actions={
          session && can(session.user.role, "message.import") ? (
            <UploadEmailDialog maxBytes={env.CHANNEL_MAX_EMAIL_BYTES} />
          ) : null
        }
      />
      <HydrateClient>
        <MessageStatusFilter status={status} />
        <MessageList status={status} canRetry={session ? can(session.user.role, "message.retry") : false} />
      </HydrateClient>
    </>
  );
}
