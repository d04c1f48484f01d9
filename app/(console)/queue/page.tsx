import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { parseQueueFilter } from "@/contracts/queue-filters";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { QueueWorkspace, queuePageSize } from "./_components/queue-workspace";

export const metadata = { title: "Review queue · Changedesk" };

export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const filter = parseQueueFilter(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const session = await getServerAuthSession();
  const role = session?.user.role;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchInfiniteQuery(
      trpc.proposal.list.infiniteQueryOptions(
        { ...filter, limit: queuePageSize },
        { getNextPageParam: (page) => page.nextCursor ?? undefined },
      ),
    ),
    queryClient.prefetchQuery(trpc.review.counts.queryOptions(filter)),
    queryClient.prefetchQuery(trpc.review.views.queryOptions()),
    ...(role && can(role, "proposal.assign")
      ? [queryClient.prefetchQuery(trpc.review.assignees.queryOptions())]
      : []),
  ]);
  return (
    <>
      <PageHeader
        title="Review queue"
        description="Proposed changes waiting for a person. Press ? for keyboard shortcuts."
      />
      <HydrateClient>
        <QueueWorkspace
          canDecide={role ? can(role, "proposal.decide") : false}
          canBulk={role ? can(role, "proposal.bulk") : false}
          canAssign={role ? can(role, "proposal.assign") : false}
        />
      </HydrateClient>
    </>
  );
}
