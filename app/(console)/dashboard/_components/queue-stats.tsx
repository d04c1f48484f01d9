import { useId, type ReactNode } from "react";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatCount, formatDuration, formatUtcDateTime, windowPhrases } from "./format";

function Stat({
  label,
  value,
  detail,
  alert = false,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail: ReactNode;
  alert?: boolean;
  testId: string;
}) {
  return (
    <div
      data-testid={testId}
      className={cn(
        "flex flex-col gap-1 rounded-xl border bg-card px-4 py-3 text-card-foreground shadow-xs",
        alert && "border-rose-300 dark:border-rose-400/40",
      )}
    >
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className={cn("text-2xl font-semibold tabular-nums", alert && "text-rose-700 dark:text-rose-300")}>
        {value}
      </dd>
      <dd className="text-xs text-muted-foreground">{detail}</dd>
    </div>
  );
}

/** The queue and failures as they are now, whatever the window. */
export function QueueStats({
  queue,
  failures,
  window: selected,
}: {
  queue: RouterOutputs["dashboard"]["summary"]["queue"];
  failures: RouterOutputs["dashboard"]["summary"]["failures"];
  window: DashboardWindow;
}) {
  const titleId = useId();
  const stuck = failures.failedMessages + failures.outboxFailed + failures.outboxDead;
  const failedJobs = failures.jobs?.failed ?? 0;
  return (
    <section aria-labelledby={titleId} className="space-y-2">
      <h2 id={titleId} className="text-sm font-semibold text-muted-foreground">
        Right now
      </h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        <Stat
          testId="stat-open"
          label="Open items"
          value={formatCount(queue.open)}
          detail={
            queue.open === 0
              ? "The queue is empty"
              : `${formatCount(queue.pendingReview)} waiting · ${formatCount(queue.conflict)} in conflict`
          }
        />
        <Stat
          testId="stat-oldest"
          label="Oldest open item"
          value={queue.oldestAgeSeconds === null ? "—" : formatDuration(queue.oldestAgeSeconds)}
          detail={
            queue.oldestOpenAt
              ? `Waiting since ${formatUtcDateTime(queue.oldestOpenAt)}`
              : "Nothing is waiting"
          }
        />
        <Stat
          testId="stat-past-sla"
          label="Past SLA"
          value={formatCount(queue.pastSla)}
          alert={queue.pastSla > 0}
          detail={
            queue.pastSla > 0
              ? `of ${formatCount(queue.open)} open items`
              : "Every open item is within its SLA"
          }
        />
        <Stat
          testId="stat-escalated"
          label="Escalated"
          value={formatCount(queue.escalated)}
          detail={queue.escalated > 0 ? "Waiting for a lead" : "None waiting for a lead"}
        />
        <Stat
          testId="stat-failures"
          label="Failures"
          value={formatCount(stuck + failedJobs)}
          alert={stuck + failedJobs > 0}
          detail={`${formatCount(stuck)} stuck now (messages and deliveries), ${formatCount(failedJobs)} failed ${failedJobs === 1 ? "job" : "jobs"} in ${windowPhrases[selected]}`}
        />
      </dl>
    </section>
  );
}
