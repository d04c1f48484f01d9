import { ShieldAlertIcon } from "lucide-react";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ApiKeysCard } from "./_components/api-keys-card";
import { SignInLocksCard } from "./_components/sign-in-locks-card";
import { UsersCard } from "./_components/users-card";

export const metadata = { title: "Users · Changedesk" };

const description = "Who can sign in and with which role, and the keys other systems use to send messages.";

export default async function UsersPage() {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  // A convenience for people who follow an old link; the user procedures check admin.manage themselves.
  if (!can(session.user.role, "admin.manage")) {
    return (
      <>
        <PageHeader title="Users" description={description} />
        <Alert className="max-w-xl">
          <ShieldAlertIcon aria-hidden="true" />
          <AlertTitle>You need the admin role to manage users</AlertTitle>
          <AlertDescription>Ask an admin to change your role if you need this page.</AlertDescription>
        </Alert>
      </>
    );
  }
  await Promise.all([
    getQueryClient().prefetchQuery(trpc.user.list.queryOptions()),
    getQueryClient().prefetchQuery(trpc.user.listApiKeys.queryOptions()),
    getQueryClient().prefetchQuery(trpc.user.signInLocks.queryOptions()),
  ]);
  return (
    <>
      <PageHeader title="Users" description={description} />
      <HydrateClient>
        <div className="space-y-6">
          <UsersCard currentUserId={session.user.id} />
          <ApiKeysCard />
          <SignInLocksCard />
        </div>
      </HydrateClient>
    </>
  );
}
