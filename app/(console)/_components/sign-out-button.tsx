"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { LogOutIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/utils";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);

  return (
    <Button
      type="button"
      variant="ghost"
      size="sm"
      disabled={pending}
      className={cn("text-sidebar-foreground/80", className)}
      onClick={() => {
        setPending(true);
        signOut({ callbackUrl: "/sign-in" }).catch(() => setPending(false));
      }}
    >
      <LogOutIcon aria-hidden="true" />
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
