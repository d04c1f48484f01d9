import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { parseDashboardWindow } from "@/contracts/dashboard-window";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { DashboardView } from "./_components/dashboard-view";
import { WindowSwitch } from "./_components/window-switch";

export const metadata = { title: "Dashboard · Changedesk" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  if (!can(session.user.role, "dashboard.view")) redirect("/queue");
  const requested = (await searchParams).window;
  const selected = parseDashboardWindow(Array.isArray(requested) ? requested[0] : requested);
  await getQueryClient().prefetchQuery(trpc.dashboard.summary.queryOptions({ window: selected }));
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="How messages become changes, and where people correct them. Counted from Changedesk's own records."
        actions={<WindowSwitch current={selected} />}
      />
      <HydrateClient>
        <DashboardView window={selected} />
      </HydrateClient>
    </>
  );
}
