import { redirect } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { AuditView } from "./_components/audit-view";

export const metadata = { title: "Audit trail · Changedesk" };

const filterSchema = z.object({
  customerId: z.string().uuid().optional().catch(undefined),
  proposalId: z.string().uuid().optional().catch(undefined),
  action: z.string().max(100).optional().catch(undefined),
});

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await getServerAuthSession();
  if (!session || !can(session.user.role, "audit.view")) redirect("/queue");
  const filters = filterSchema.parse(await searchParams);
  const input = {
    contactId: filters.customerId,
    proposalId: filters.proposalId,
    action: filters.action || undefined,
    limit: 100,
  };
  await getQueryClient().prefetchQuery(trpc.audit.list.queryOptions(input));
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every state change, who or what made it, and under which policy version. Append-only and hash-chained."
      />
      <HydrateClient>
        <AuditView input={input} />
      </HydrateClient>
    </>
  );
}
