import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ConnectorList } from "./_components/connector-list";

export const metadata = { title: "Connectors · Changedesk" };

export default async function ConnectorsPage() {
  const session = await getServerAuthSession();
  // A convenience for people who follow an old link; the connector procedures check admin.manage themselves.
  if (!session || !can(session.user.role, "admin.manage")) redirect("/queue");
  await getQueryClient().prefetchQuery(trpc.connector.list.queryOptions());
  return (
    <>
      <PageHeader
        title="Connectors"
        description="Where each system of record lives: Changedesk's own tables, or an external system written over REST from the outbox."
      />
      <HydrateClient>
        <ConnectorList />
      </HydrateClient>
    </>
  );
}
