import { notFound } from "next/navigation";
import { z } from "zod";
import { can } from "@/server/auth/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/server/trpc/server";
import { ProposalView } from "./_components/proposal-view";

export const metadata = { title: "Proposal · Changedesk" };

export default async function ProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await getServerAuthSession();
  const queryClient = getQueryClient();
  const detail = await queryClient.fetchQuery(trpc.proposal.get.queryOptions({ id })).catch(() => null);
  if (!detail) notFound();
  return (
    <HydrateClient>
      <ProposalView id={id} canDecide={session ? can(session.user.role, "proposal.decide") : false} />
    </HydrateClient>
  );
}
