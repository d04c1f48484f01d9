import { PageHeader } from "@/components/app-shell/page-header";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";
import { QueueTable, queueInput } from "./_components/queue-table";

export const metadata = { title: "Review queue · Changedesk" };

export default async function QueuePage() {
  await getQueryClient().prefetchQuery(trpc.proposal.list.queryOptions(queueInput));
  return (
    <>
      <PageHeader title="Review queue" description="Proposed changes waiting for a person, oldest first." />
      <HydrateClient>
        <QueueTable />
      </HydrateClient>
    </>
  );
}
