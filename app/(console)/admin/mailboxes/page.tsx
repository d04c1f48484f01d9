import { redirect } from "next/navigation";
import { can } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { MailboxList } from "./_components/mailbox-list";

export const metadata = { title: "Mailboxes · Changedesk" };

export default async function MailboxesPage() {
  const session = await getServerAuthSession();
  // A convenience for people who follow an old link; the mailbox procedures check admin.manage themselves.
  if (!session || !can(session.user.role, "admin.manage")) redirect("/queue");
  await getQueryClient().prefetchQuery(trpc.mailbox.list.queryOptions());
  return (
    <HydrateClient>
      <MailboxList description="IMAP inboxes the worker reads into the email channel. Passwords are kept on the server and never shown." />
    </HydrateClient>
  );
}
