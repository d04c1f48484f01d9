import { GitCompareArrowsIcon } from "lucide-react";

import { cn } from "@/components/ui/utils";

/** The product mark and name, used on the sign-in screen and at the top of the console. */
export function Brand({ className, size = "default" }: { className?: string; size?: "default" | "lg" }) {
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <span
        aria-hidden="true"
        className={cn(
          "flex items-center justify-center rounded-md bg-primary text-primary-foreground shadow-xs",
          size === "lg" ? "size-9" : "size-7",
        )}
      >
        <GitCompareArrowsIcon className={size === "lg" ? "size-5" : "size-4"} />
      </span>
      <span
        className={cn(
          "font-semibold tracking-tight text-foreground",
          size === "lg" ? "text-xl" : "text-[0.9375rem]",
        )}
      >
        Changedesk
      </span>
    </span>
  );
}
