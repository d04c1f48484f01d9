import Link from "next/link";
import type { ReactNode } from "react";
import { humanize } from "@/components/format";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatCount, windowPhrases } from "./format";
import { SectionCard } from "./section-card";

function Failure({
  count,
  label,
  detail,
  link,
  testId,
}: {
  count: number | null;
  label: string;
  detail: ReactNode;
  link?: { href: string; label: string };
  testId: string;
}) {
  return (
    <li className="flex items-start gap-3 py-3 first:pt-0 last:pb-0" data-testid={testId}>
      <span
        className={cn(
          "min-w-10 text-right text-xl font-semibold tabular-nums",
          count ? "text-rose-700 dark:text-rose-300" : "text-muted-foreground",
        )}
      >
        {count === null ? "—" : formatCount(count)}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium">{label}</p>
        <div className="text-xs text-muted-foreground">{detail}</div>
      </div>
      {link ? (
        <Link href={link.href} className="shrink-0 text-sm text-primary underline-offset-2 hover:underline">
          {link.label}
        </Link>
      ) : null}
    </li>
  );
}

export function FailuresCard({
  failures,
  window: selected,
}: {
  failures: RouterOutputs["dashboard"]["summary"]["failures"];
  window: DashboardWindow;
}) {
  const period = windowPhrases[selected];
  const { jobs } = failures;
  const outbox = failures.outboxFailed + failures.outboxDead;
  const nothing =
    failures.failedMessages === 0 &&
    outbox === 0 &&
    jobs !== null &&
    jobs.failed === 0 &&
    jobs.deadLettered === 0;
  return (
    <SectionCard
      testId="section-failures"
      title="Failures"
      description={`Messages and deliveries that are failed now, and background jobs that failed for good in ${period}.`}
    >
      {nothing ? (
        <p className="mb-3 text-sm text-emerald-800 dark:text-emerald-300">Nothing has failed.</p>
      ) : null}
      <ul className="divide-y">
        <Failure
          testId="failures-messages"
          count={failures.failedMessages}
          label="Failed messages"
          detail="The pipeline gave up on them after its retries; each can be retried from the message list."
          link={{ href: "/messages", label: "Open messages" }}
        />
        <Failure
          testId="failures-outbox"
          count={outbox}
          label="Undelivered outbox items"
          detail={`${formatCount(failures.outboxFailed)} failed, ${formatCount(failures.outboxDead)} dead-lettered after every retry.`}
          link={{ href: "/outbox", label: "Open the outbox" }}
        />
        <Failure
          testId="failures-jobs"
          count={jobs?.failed ?? null}
          label="Failed jobs"
          detail={
            jobs === null ? (
              "Unavailable: the job queue's tables could not be read."
            ) : (
              <>
                {formatCount(jobs.deadLettered)} sent to the dead-letter queue in {period}
                {jobs.byQueue.length > 0
                  ? `; ${jobs.byQueue.map((q) => `${humanize(q.queue)}: ${formatCount(q.failed)}`).join(", ")}`
                  : ""}
                .
              </>
            )
          }
        />
      </ul>
    </SectionCard>
  );
}
