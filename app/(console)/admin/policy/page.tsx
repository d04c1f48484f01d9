import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { PolicyEditor } from "./_components/policy-editor";

export const metadata = { title: "Policy · Changedesk" };

export default async function PolicyPage() {
  const session = await getServerAuthSession();
  if (!session || !can(session.user.role, "admin.manage")) redirect("/queue");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.policy.active.queryOptions()),
    queryClient.prefetchQuery(trpc.policy.versions.queryOptions()),
  ]);
  return (
    <>
      <PageHeader
        title="Policy"
        description="What is applied without a person. Thresholds compare with calibrated confidence: 0.9 means about 9 in 10 such changes are right."
      />
      <HydrateClient>
        <PolicyEditor />
      </HydrateClient>
    </>
  );
}
