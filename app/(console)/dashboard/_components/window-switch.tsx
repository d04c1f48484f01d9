"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { dashboardWindows, type DashboardWindow } from "@/contracts/dashboard-window";
import { windowLabels } from "./format";

/** The window lives in the URL (`?window=7d`): a dashboard link says what it shows. */
export function WindowSwitch({ current }: { current: DashboardWindow }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();

  function choose(choice: DashboardWindow) {
    startTransition(() => {
      router.push(choice === "24h" ? pathname : `${pathname}?window=${choice}`, { scroll: false });
    });
  }

  return (
    <div className="flex items-center gap-2">
      <span role="status" className="text-xs text-muted-foreground">
        {pending ? "Updating…" : ""}
      </span>
      <div role="group" aria-label="Time window" className="flex gap-1">
        {dashboardWindows.map((choice) => (
          <Button
            key={choice}
            size="sm"
            variant={choice === current ? "default" : "outline"}
            aria-pressed={choice === current}
            onClick={() => choose(choice)}
          >
            {windowLabels[choice]}
          </Button>
        ))}
      </div>
    </div>
  );
}
