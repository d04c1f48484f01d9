import Link from "next/link";
import { redirect } from "next/navigation";

import { Brand } from "@/components/app-shell/brand";
import { can, type Permission } from "@/contracts/permissions";
import { getServerAuthSession } from "@/server/auth/session";

import { AccountView } from "./account/_components/account-view";
import { ConsoleNav, type ConsoleNavItem } from "./_components/console-nav";
import { ConsoleUser } from "./_components/console-user";

const navItems: readonly (ConsoleNavItem & { permission: Permission })[] = [
  {
    href: "/queue",
    label: "Queue",
    icon: "queue",
    permission: "queue.view",
    sections: ["/proposals"],
  },
  { href: "/dashboard", label: "Dashboard", icon: "dashboard", permission: "dashboard.view" },
  { href: "/customers", label: "Customers", icon: "customers", permission: "queue.view" },
  { href: "/outbox", label: "Outbox", icon: "outbox", permission: "queue.view" },
  { href: "/audit", label: "Audit", icon: "audit", permission: "audit.view" },
  { href: "/messages", label: "Messages", icon: "messages", permission: "queue.view" },
  { href: "/imports", label: "Imports", icon: "imports", permission: "message.import" },
  { href: "/admin/policy", label: "Policy", icon: "admin", permission: "admin.manage" },
  { href: "/admin/users", label: "Users", icon: "users", permission: "admin.manage" },
  { href: "/admin/connectors", label: "Connectors", icon: "connectors", permission: "admin.manage" },
  { href: "/admin/channels", label: "Channels", icon: "channels", permission: "admin.manage" },
  { href: "/admin/mailboxes", label: "Mailboxes", icon: "mailboxes", permission: "admin.manage" },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // Hiding links is for clarity only; every page and procedure checks its own permission.
  const session = await getServerAuthSession();
  if (!session) redirect("/sign-in");

  const { user } = session;
  // a forced reset: the password form stands in for every page until it is done
  const content = user.mustChangePassword ? (
    <AccountView name={user.name} email={user.email} forced />
  ) : (
    children
  );
  const visibleItems = navItems
    .filter((item) => !user.mustChangePassword && can(user.role, item.permission))
    .map(({ href, label, icon, sections }): ConsoleNavItem => ({ href, label, icon, sections }));

  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <a
        href="#main"
        className="fixed top-2 left-2 z-50 -translate-y-20 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground shadow-md transition-transform focus:translate-y-0"
      >
        Skip to content
      </a>
      <header className="flex shrink-0 flex-col border-b border-sidebar-border bg-sidebar text-sidebar-foreground md:sticky md:top-0 md:h-dvh md:w-56 md:border-r md:border-b-0">
        <div className="flex h-14 items-center px-4">
          <Link
            href="/queue"
            className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-sidebar-ring focus-visible:ring-offset-2 focus-visible:ring-offset-sidebar"
          >
            <Brand />
          </Link>
        </div>
        <nav aria-label="Main" className="overflow-x-auto px-2 pb-2 md:px-3 md:pt-2 md:pb-0">
          <ConsoleNav items={visibleItems} />
        </nav>
        <div className="border-t border-sidebar-border px-3 py-2 md:mt-auto md:py-3">
          <ConsoleUser name={user.name} email={user.email} role={user.role} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-5 outline-none md:px-6 md:py-6">
        {content}
      </main>
    </div>
  );
}
