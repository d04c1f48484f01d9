import { ShieldAlertIcon } from "lucide-react";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ImportList } from "./_components/import-list";
import { UploadCard } from "./_components/upload-card";
import { importListInput } from "./_components/import-list-input";

export const metadata = { title: "Imports · Changedesk" };

const description =
  "Past messages from a CSV or JSONL file: previewed first, then imported in the background.";

export default async function ImportsPage() {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  // A convenience for people who follow an old link; the import procedures check message.import themselves.
  if (!can(session.user.role, "message.import")) {
    return (
      <>
        <PageHeader title="Imports" description={description} />
        <Alert className="max-w-xl">
          <ShieldAlertIcon aria-hidden="true" />
          <AlertTitle>You need the lead or admin role to import messages</AlertTitle>
          <AlertDescription>Ask an admin to change your role if you need this page.</AlertDescription>
        </Alert>
      </>
    );
  }
  await getQueryClient().prefetchQuery(trpc.import.list.queryOptions(importListInput));
  return (
    <>
      <PageHeader title="Imports" description={description} />
      <HydrateClient>
        <div className="space-y-6">
          <UploadCard />
          <ImportList />
        </div>
      </HydrateClient>
    </>
  );
}
