import { StatusBadge } from "@/components/changes/status-badge";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatBucket, formatCount, formatShare, windowPhrases } from "./format";
import { SectionCard } from "./section-card";

type Throughput = RouterOutputs["dashboard"]["summary"]["throughput"];

const series = {
  messages: { label: "Messages received", swatch: "bg-slate-400 dark:bg-slate-500" },
  changeSets: { label: "Change sets proposed", swatch: "bg-primary" },
} as const;

const routeStyles = [
  { route: "auto_apply", label: "Applied automatically", swatch: "bg-emerald-600" },
  { route: "review", label: "Sent to a person", swatch: "bg-amber-500" },
  { route: "decline", label: "Declined", swatch: "bg-stone-400" },
] as const;

export function ThroughputCard({
  throughput,
  bucket,
  window: selected,
}: {
  throughput: Throughput;
  bucket: "hour" | "day";
  window: DashboardWindow;
}) {
  const period = windowPhrases[selected];
  const empty = throughput.messages === 0 && throughput.changeSets === 0;
  return (
    <SectionCard
      testId="section-throughput"
      title="Throughput"
      description={`Messages received and change sets proposed in ${period}, per ${bucket} (UTC).`}
    >
      {empty ? (
        <p className="py-6 text-sm text-muted-foreground">No messages or change sets in {period}.</p>
      ) : (
        <div className="space-y-5">
          <p className="text-sm">
            <span className="font-semibold tabular-nums">{formatCount(throughput.messages)}</span> messages ·{" "}
            <span className="font-semibold tabular-nums">{formatCount(throughput.changeSets)}</span> change
            sets
          </p>
          <BucketChart buckets={throughput.buckets} bucket={bucket} period={period} />
          <RouteBreakdown throughput={throughput} period={period} />
        </div>
      )}
    </SectionCard>
  );
}

/**
 * Grouped bars per bucket. The bars are decoration (aria-hidden); the same numbers are in a
 * visually hidden table for screen readers.
 */
function BucketChart({
  buckets,
  bucket,
  period,
}: {
  buckets: Throughput["buckets"];
  bucket: "hour" | "day";
  period: string;
}) {
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.messages, b.changeSets)));
  const height = (value: number) => `${(value / max) * 100}%`;
  const first = buckets[0];
  const middle = buckets[Math.floor(buckets.length / 2)];
  const last = buckets.at(-1);
  return (
    <figure className="space-y-2">
      <div aria-hidden="true" className="flex gap-2">
        <div className="flex w-8 flex-col justify-between text-right text-[11px] text-muted-foreground tabular-nums">
          <span>{formatCount(max)}</span>
          <span>0</span>
        </div>
        <div className="flex h-40 flex-1 items-end gap-px border-b border-l border-border pl-px">
          {buckets.map((b) => (
            <div
              key={b.start.toISOString()}
              className="flex h-full min-w-0 flex-1 items-end justify-center gap-px"
              title={`${formatBucket(b.start, bucket, "long")} UTC: ${b.messages} messages, ${b.changeSets} change sets`}
            >
              <div
                className={cn("w-1/2 max-w-3 rounded-t-sm", series.messages.swatch)}
                style={{ height: height(b.messages) }}
              />
              <div
                className={cn("w-1/2 max-w-3 rounded-t-sm", series.changeSets.swatch)}
                style={{ height: height(b.changeSets) }}
              />
            </div>
          ))}
        </div>
      </div>
      <div aria-hidden="true" className="ml-10 flex justify-between text-[11px] text-muted-foreground">
        <span>{first ? formatBucket(first.start, bucket) : ""}</span>
        <span>{middle && buckets.length > 2 ? formatBucket(middle.start, bucket) : ""}</span>
        <span>{last ? formatBucket(last.start, bucket) : ""}</span>
      </div>
      <table className="sr-only">
        <caption>
          Messages received and change sets proposed per {bucket} (UTC) in {period}
        </caption>
        <thead>
          <tr>
            <th scope="col">{bucket === "hour" ? "Hour (UTC)" : "Day (UTC)"}</th>
            <th scope="col">Messages</th>
            <th scope="col">Change sets</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.start.toISOString()}>
              <th scope="row">{formatBucket(b.start, bucket, "long")}</th>
              <td>{b.messages}</td>
              <td>{b.changeSets}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="ml-10 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {Object.values(series).map((s) => (
          <span key={s.label} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={cn("size-2.5 rounded-sm", s.swatch)} />
            {s.label}
          </span>
        ))}
        <span className="sr-only">
          : a bar chart per {bucket} in {period}, with the same numbers in the table above.
        </span>
      </figcaption>
    </figure>
  );
}

/** Where the change sets went (the policy's route) and where they are now (their status). */
function RouteBreakdown({ throughput, period }: { throughput: Throughput; period: string }) {
  const total = throughput.changeSets;
  if (total === 0) return <p className="text-sm text-muted-foreground">No change sets in {period}.</p>;
  return (
    <div className="grid gap-5 md:grid-cols-2">
      <div className="space-y-2">
        <h3 className="text-sm font-medium">By route</h3>
        <div aria-hidden="true" className="flex h-2.5 overflow-hidden rounded-full bg-muted">
          {routeStyles.map(({ route, swatch }) => (
            <div
              key={route}
              className={swatch}
              style={{ width: `${(throughput.byRoute[route] / total) * 100}%` }}
            />
          ))}
        </div>
        <ul className="space-y-1 text-sm" data-testid="throughput-routes">
          {routeStyles.map(({ route, label, swatch }) => (
            <li key={route} className="flex items-center gap-2">
              <span aria-hidden="true" className={cn("size-2.5 rounded-sm", swatch)} />
              <span className="flex-1">{label}</span>
              <span className="tabular-nums">{formatCount(throughput.byRoute[route])}</span>
              <span className="w-12 text-right text-muted-foreground tabular-nums">
                {formatShare(throughput.byRoute[route] / total)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Where they are now</h3>
        <ul className="space-y-1.5 text-sm">
          {throughput.byStatus.map(({ status, count }) => (
            <li key={status} className="flex items-center justify-between gap-2">
              <StatusBadge status={status} />
              <span className="tabular-nums">{formatCount(count)}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
