import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { OutboxView } from "./_components/outbox-view";

// defined here, not in the client module: a server component importing a value from a
// "use client" file gets a client reference, and the prefetched query would not match
const outboxInput = { limit: 200 };

export const metadata = { title: "Outbox · Changedesk" };

export default async function OutboxPage() {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  await getQueryClient().prefetchQuery(trpc.change.outbox.queryOptions(outboxInput));
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Customer notices and writes to external systems, written with each change and delivered after it commits."
      />
      <HydrateClient>
        <OutboxView input={outboxInput} canRetry={can(session.user.role, "message.retry")} />
      </HydrateClient>
    </>
  );
}
