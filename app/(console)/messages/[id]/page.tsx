import { notFound } from "next/navigation";
import { z } from "zod";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { MessageDetail } from "./_components/message-detail";

export const metadata = { title: "Message · Changedesk" };

export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const session = await getServerAuthSession();
  const detail = await getQueryClient()
    .fetchQuery(trpc.message.get.queryOptions({ id }))
    .catch(() => null);
  if (!detail) notFound();
  return (
    <HydrateClient>
      <MessageDetail id={id} canAct={session ? can(session.user.role, "proposal.decide") : false} />
    </HydrateClient>
  );
}
