import { AlarmClockIcon } from "lucide-react";
import { timeAgo } from "@/components/format";
import { cn } from "@/components/ui/utils";

const dueSoonMs = 60 * 60_000;

/** Due time of an open item: red when overdue, amber within the hour, quiet otherwise. */
export function SlaBadge({
  dueAt,
  now = new Date(),
  className,
}: {
  dueAt: Date | null;
  now?: Date;
  className?: string;
}) {
  if (!dueAt) return null;
  const left = dueAt.getTime() - now.getTime();
  const state = left < 0 ? "overdue" : left < dueSoonMs ? "due_soon" : "on_track";
  return (
    <span
      data-sla={state}
      title={`SLA due ${dueAt.toLocaleString()}`}
      className={cn(
        "inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs whitespace-nowrap",
        state === "overdue" && "bg-rose-100 font-medium text-rose-800",
        state === "due_soon" && "bg-amber-100 text-amber-900",
        state === "on_track" && "text-muted-foreground",
        className,
      )}
    >
      <AlarmClockIcon aria-hidden="true" className="size-3" />
      {state === "overdue"
        ? `Overdue ${timeAgo(dueAt, now).replace(/ ago$/, "")}`
        : `Due ${timeAgo(dueAt, now)}`}
    </span>
  );
}
