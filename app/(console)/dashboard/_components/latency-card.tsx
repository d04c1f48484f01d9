import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatCount, formatDuration, windowPhrases } from "./format";
import { SectionCard } from "./section-card";

const stageLabels: Record<
  RouterOutputs["dashboard"]["summary"]["latencies"][number]["stage"],
  { label: string; detail: string }
> = {
  intake: { label: "Received → processed", detail: "the pipeline reads a message and proposes" },
  review: { label: "Proposed → decided", detail: "a person reviews a change set" },
  apply: { label: "Approved → applied", detail: "the change is written" },
};

export function LatencyCard({
  latencies,
  window: selected,
}: {
  latencies: RouterOutputs["dashboard"]["summary"]["latencies"];
  window: DashboardWindow;
}) {
  const period = windowPhrases[selected];
  return (
    <SectionCard
      testId="section-latency"
      title="Stage latencies"
      description={`Median (p50) and 95th percentile, for the messages received and change sets proposed in ${period}.`}
    >
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Stage</TableHead>
            <TableHead scope="col" className="text-right">
              p50
            </TableHead>
            <TableHead scope="col" className="text-right">
              p95
            </TableHead>
            <TableHead scope="col" className="text-right">
              Items
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {latencies.map((latency) => (
            <TableRow key={latency.stage} data-testid={`latency-${latency.stage}`}>
              <TableCell>
                <div className="font-medium">{stageLabels[latency.stage].label}</div>
                <div className="text-xs text-muted-foreground">{stageLabels[latency.stage].detail}</div>
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatDuration(latency.p50Seconds)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatDuration(latency.p95Seconds)}</TableCell>
              <TableCell className="text-right text-muted-foreground tabular-nums">
                {formatCount(latency.count)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {latencies.every((latency) => latency.count === 0) ? (
        <p className="mt-3 text-sm text-muted-foreground">Nothing went through these stages in {period}.</p>
      ) : null}
    </SectionCard>
  );
}
