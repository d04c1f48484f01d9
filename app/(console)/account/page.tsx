import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerAuthSession } from "@/server/auth/session";
import { AccountView } from "./_components/account-view";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");
  return <AccountView name={session.user.name} email={session.user.email} forced={false} />;
}
