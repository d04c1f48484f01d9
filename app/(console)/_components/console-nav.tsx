"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  ChartColumnIcon,
  FileUpIcon,
  InboxIcon,
  MailboxIcon,
  MailIcon,
  MessagesSquareIcon,
  PlugIcon,
  RadioTowerIcon,
  ScrollTextIcon,
  SettingsIcon,
  UserCogIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";

import { useTRPC } from "@/components/trpc";
import { cn } from "@/components/ui/utils";

const icons = {
  queue: InboxIcon,
  customers: UsersIcon,
  audit: ScrollTextIcon,
  outbox: MailIcon,
  messages: MessagesSquareIcon,
  dashboard: ChartColumnIcon,
  admin: SettingsIcon,
  users: UserCogIcon,
  connectors: PlugIcon,
  channels: RadioTowerIcon,
  mailboxes: MailboxIcon,
  imports: FileUpIcon,
} satisfies Record<string, LucideIcon>;

export type ConsoleNavItem = {
  href: string;
  label: string;
  icon: keyof typeof icons;
  /** other path prefixes that belong to this section, e.g. a proposal page belongs to Queue */
  sections?: readonly string[];
};

function isWithin(pathname: string, prefix: string) {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * The console's main navigation. The server decides which items the signed-in role may see;
 * this component only marks the current one.
 */
export function ConsoleNav({ items }: { items: readonly ConsoleNavItem[] }) {
  const pathname = usePathname();
  const attention = useLeadAttention();
  const waiting = useMessageAttention();

  return (
    <ul className="flex gap-1 md:flex-col">
      {items.map((item) => {
        const Icon = icons[item.icon];
        const exact = pathname === item.href;
        const active =
          isWithin(pathname, item.href) ||
          (item.sections ?? []).some((section) => isWithin(pathname, section));
        return (
          <li key={item.href} className="shrink-0">
            <Link
              href={item.href}
              aria-current={exact ? "page" : active ? "true" : undefined}
              className={cn(
                "group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium text-sidebar-foreground/80 transition-colors outline-none hover:bg-sidebar-accent/70 hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-sidebar-ring",
                active && "bg-sidebar-accent text-sidebar-accent-foreground hover:bg-sidebar-accent",
              )}
            >
              <Icon
                aria-hidden="true"
                className={cn(
                  "size-4 text-sidebar-foreground/60 group-hover:text-sidebar-accent-foreground",
                  active && "text-sidebar-primary group-hover:text-sidebar-primary",
                )}
              />
              {item.label}
              {item.icon === "queue" && attention ? (
                <span
                  data-testid="lead-attention-count"
                  title={`${attention.escalated} escalated, ${attention.overdue} past their SLA`}
                  className="ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white tabular-nums"
                >
                  {attention.total > 999 ? "999+" : attention.total}
                  <span className="sr-only"> items need a lead (escalated or overdue)</span>
                </span>
              ) : null}
              {item.icon === "messages" && waiting ? (
                <span
                  data-testid="message-attention-count"
                  title={`${waiting.needsInformation} need information, ${waiting.unmatched} unmatched`}
                  className="relative ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-amber-950 tabular-nums"
                >
                  {waiting.total > 999 ? "999+" : waiting.total}
                  <span className="sr-only"> messages wait for a person (need information or unmatched)</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Escalated and overdue items, for leads (the server answers null for other roles). Polled
 * slowly: it is a nudge, not a live list.
 */
function useLeadAttention() {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.review.attention.queryOptions(),
    refetchInterval: 30_000,
    staleTime: 15_000,
  });
  return data && data.total > 0 ? data : null;
}

/** Messages waiting for a person: needs information and unmatched. A nudge, polled slowly. */
function useMessageAttention() {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.message.attentionCounts.queryOptions(),
    refetchInterval: 30_000,
    staleTime: 15_000,
  });
  const countOf = (status: string) => data?.find((row) => row.status === status)?.count ?? 0;
  const needsInformation = countOf("needs_information");
  const unmatched = countOf("unmatched");
  const total = needsInformation + unmatched;
  return total > 0 ? { needsInformation, unmatched, total } : null;
}
