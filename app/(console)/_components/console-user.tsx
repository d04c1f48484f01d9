import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/utils";
import type { Role } from "@/contracts/permissions";

import { SignOutButton } from "./sign-out-button";

const roleLabels: Record<Role, string> = {
  admin: "Admin",
  lead: "Lead",
  reviewer: "Reviewer",
  auditor: "Auditor",
};

const roleTones: Record<Role, string> = {
  admin: "border-violet-200 bg-violet-50 text-violet-800",
  lead: "border-sky-200 bg-sky-50 text-sky-800",
  reviewer: "border-slate-200 bg-slate-50 text-slate-700",
  auditor: "border-amber-200 bg-amber-50 text-amber-900",
};

function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters
    .map((part) => part?.[0] ?? "")
    .join("")
    .toUpperCase();
}

/** Who is signed in, with which role, and the way out. */
export function ConsoleUser({
  name,
  email,
  role,
  className,
}: {
  name: string;
  email: string;
  role: Role;
  className?: string;
}) {
  const displayName = name.trim() || email;
  return (
    <div className={cn("flex items-center gap-2.5 md:flex-col md:items-stretch", className)}>
      <div className="flex min-w-0 items-center gap-2.5">
        <span
          aria-hidden="true"
          className="flex size-8 shrink-0 items-center justify-center rounded-full bg-sidebar-accent text-xs font-semibold text-sidebar-accent-foreground"
        >
          {initials(displayName)}
        </span>
        <div className="min-w-0 leading-tight">
          <p className="truncate text-sm font-medium" title={displayName}>
            <Link
              href="/account"
              className="rounded-sm outline-none hover:underline focus-visible:ring-2 focus-visible:ring-sidebar-ring"
            >
              {displayName}
              <span className="sr-only"> (account)</span>
            </Link>
          </p>
          <p className="mt-1 flex items-center gap-1.5">
            <span className="sr-only">Role:</span>
            <Badge variant="outline" className={cn("px-1.5 py-0 text-[0.6875rem]", roleTones[role])}>
              {roleLabels[role]}
            </Badge>
          </p>
        </div>
      </div>
      <SignOutButton className="ml-auto md:ml-0 md:w-full md:justify-start" />
    </div>
  );
}
