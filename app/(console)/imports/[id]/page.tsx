import { ShieldAlertIcon } from "lucide-react";
import { notFound, redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ImportView } from "./_components/import-view";

export const metadata = { title: "Import · Changedesk" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  if (!can(session.user.role, "message.import")) {
    return (
      <>
        <PageHeader title="Import" />
        <Alert className="max-w-xl">
          <ShieldAlertIcon aria-hidden="true" />
          <AlertTitle>You need the lead or admin role to see imports</AlertTitle>
          <AlertDescription>Ask an admin to change your role if you need this page.</AlertDescription>
        </Alert>
      </>
    );
  }
  const queryClient = getQueryClient();
  const summary = await queryClient.fetchQuery(trpc.import.get.queryOptions({ id })).catch(() => null);
  if (!summary) notFound();
  // the rows the view opens on: the ones with errors when there are any
  await queryClient.prefetchQuery(
    trpc.import.rows.queryOptions({
      id,
      filter: summary.invalidRows > 0 ? "errors" : "all",
      after: 0,
      limit: 50,
    }),
  );
  return (
    <HydrateClient>
      <ImportView id={id} />
    </HydrateClient>
  );
}
