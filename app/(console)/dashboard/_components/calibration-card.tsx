import { TrendingDownIcon, TrendingUpIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatCount, formatShare, windowPhrases } from "./format";
import { SectionCard } from "./section-card";

type Bucket = RouterOutputs["dashboard"]["summary"]["calibration"][number];

function bucketLabel(bucket: Bucket) {
  if (bucket.min === 0) return `Below ${bucket.max}`;
  if (bucket.max === 1) return `${bucket.min} and above`;
  return `${bucket.min} – ${bucket.max}`;
}

function Verdict({ bucket }: { bucket: Bucket }) {
  switch (bucket.verdict) {
    case "overconfident":
      return (
        <Badge
          variant="outline"
          className="border-rose-300 bg-rose-50 text-rose-800 dark:bg-rose-400/10 dark:text-rose-200"
        >
          <TrendingDownIcon aria-hidden="true" />
          Accepted less than its confidence
        </Badge>
      );
    case "underconfident":
      return (
        <Badge
          variant="outline"
          className="border-sky-300 bg-sky-50 text-sky-800 dark:bg-sky-400/10 dark:text-sky-200"
        >
          <TrendingUpIcon aria-hidden="true" />
          Accepted more than its confidence
        </Badge>
      );
    case "calibrated":
      return <span className="text-sm text-emerald-800 dark:text-emerald-300">As expected</span>;
    case "too_few":
      return <span className="text-sm text-muted-foreground">Too few to tell</span>;
  }
}

/** The accepted share as a bar, with a tick where the confidence says it should be. */
function AcceptedBar({ bucket }: { bucket: Bucket }) {
  if (bucket.acceptedShare === null) return null;
  const off = bucket.verdict === "overconfident" || bucket.verdict === "underconfident";
  return (
    <div aria-hidden="true" className="relative mt-1 h-1.5 w-24 rounded-full bg-muted">
      <div
        className={cn("h-full rounded-full", off ? "bg-rose-600" : "bg-primary/70")}
        style={{ width: `${Math.round(bucket.acceptedShare * 100)}%` }}
      />
      {bucket.meanConfidence !== null ? (
        <div
          className="absolute -top-0.5 h-2.5 w-0.5 bg-foreground"
          style={{ left: `calc(${Math.round(bucket.meanConfidence * 100)}% - 1px)` }}
        />
      ) : null}
    </div>
  );
}

export function CalibrationCard({
  buckets,
  window: selected,
}: {
  buckets: Bucket[];
  window: DashboardWindow;
}) {
  const period = windowPhrases[selected];
  const decided = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  return (
    <SectionCard
      testId="section-calibration"
      title="Confidence calibration"
      description={`Changes proposed in ${period} and since decided, by the confidence they were proposed at, and how many were accepted as proposed (not edited, rejected or rolled back). At 0.9, about 9 in 10 should be.`}
    >
      {decided === 0 ? (
        <p className="py-6 text-sm text-muted-foreground">No decided changes in {period}.</p>
      ) : (
        <Table data-testid="calibration-table">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Confidence</TableHead>
              <TableHead scope="col" className="text-right">
                Decided
              </TableHead>
              <TableHead scope="col" className="text-right">
                Average confidence
              </TableHead>
              <TableHead scope="col">Accepted as proposed</TableHead>
              <TableHead scope="col">Compared with confidence</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {buckets.map((bucket) => (
              <TableRow key={bucket.min} data-testid="calibration-row" data-verdict={bucket.verdict}>
                <TableCell className="font-medium tabular-nums">{bucketLabel(bucket)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(bucket.count)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {bucket.meanConfidence === null ? "—" : bucket.meanConfidence.toFixed(2)}
                </TableCell>
                <TableCell>
                  <span className="tabular-nums">{formatShare(bucket.acceptedShare)}</span>
                  {bucket.count > 0 ? (
                    <span className="ml-1 text-xs text-muted-foreground tabular-nums">
                      ({formatCount(bucket.accepted)} of {formatCount(bucket.count)})
                    </span>
                  ) : null}
                  <AcceptedBar bucket={bucket} />
                </TableCell>
                <TableCell>
                  <Verdict bucket={bucket} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
