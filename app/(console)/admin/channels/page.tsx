import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ChannelList } from "./_components/channel-list";

export const metadata = { title: "Channels · Changedesk" };

/**
 * The origin the admin reached this page at, for the endpoint URLs: behind a proxy, the one the
 * proxy says it was asked for. Only shown to the admin, never used to route anything.
 */
async function requestOrigin(): Promise<string> {
  const incoming = await headers();
  const host = incoming.get("x-forwarded-host")?.split(",")[0]?.trim() || incoming.get("host") || "localhost";
  const forwarded = incoming.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : "http";
  return `${protocol}://${host}`;
}

export default async function ChannelsPage() {
  const session = await getServerAuthSession();
  // A convenience for people who follow an old link; the channel procedures check admin.manage themselves.
  if (!session || !can(session.user.role, "admin.manage")) redirect("/queue");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.channel.settings.queryOptions()),
    queryClient.prefetchQuery(trpc.user.listApiKeys.queryOptions()),
    queryClient.prefetchQuery(trpc.mailbox.list.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Channels"
        description="Where customer messages arrive, and when their senders count as verified: only a verified customer's changes may be applied without a person."
      />
      <HydrateClient>
        <ChannelList origin={await requestOrigin()} />
      </HydrateClient>
    </>
  );
}
