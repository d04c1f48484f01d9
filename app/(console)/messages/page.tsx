import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { MessageList } from "./_components/message-list";
import { messageListInput } from "./_components/message-list-input";

export const metadata = { title: "Messages · Changedesk" };

export default async function MessagesPage() {
  const session = await getServerAuthSession();
  await getQueryClient().prefetchQuery(trpc.message.list.queryOptions(messageListInput));
  return (
    <>
      <PageHeader
        title="Messages"
        description="Everything received, newest first, with what the pipeline made of it."
      />
      <HydrateClient>
        <MessageList canRetry={session ? can(session.user.role, "message.retry") : false} />
      </HydrateClient>
    </>
  );
}
