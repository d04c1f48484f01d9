import { notFound } from "next/navigation";
import { z } from "zod";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ProposalView } from "./_components/proposal-view";

export const metadata = { title: "Proposal · Changedesk" };

export default async function ProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await getServerAuthSession();
  const queryClient = getQueryClient();
  const [detail] = await Promise.all([
    queryClient.fetchQuery(trpc.proposal.get.queryOptions({ id })).catch(() => null),
    queryClient.prefetchQuery(trpc.review.context.queryOptions({ proposalId: id })),
  ]);
  if (!detail) notFound();
  const role = session?.user.role;
  return (
    <HydrateClient>
      <ProposalView
        id={id}
        canDecide={role ? can(role, "proposal.decide") : false}
        canAssign={role ? can(role, "proposal.assign") : false}
      />
    </HydrateClient>
  );
}
