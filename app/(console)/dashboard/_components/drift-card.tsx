import { humanize } from "@/components/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/utils";
import type { RouterOutputs } from "@/components/trpc-types";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { formatCount, formatShare, windowPhrases } from "./format";
import { SectionCard, ShareBar } from "./section-card";

type DriftRow = RouterOutputs["dashboard"]["summary"]["drift"][number];

/** how worrying a corrected share is; the number is always shown beside the colour */
function correctionTone(share: number | null) {
  if (share === null) return "bg-muted-foreground/40";
  if (share >= 0.25) return "bg-rose-600";
  if (share >= 0.1) return "bg-amber-500";
  return "bg-emerald-600";
}

function ShareCell({
  share,
  of,
  count,
  barClassName,
}: {
  share: number | null;
  of: number;
  count: number;
  barClassName?: string;
}) {
  return (
    <TableCell className="text-right align-top">
      <div className="flex flex-col items-end">
        <span className="tabular-nums">{formatShare(share)}</span>
        <span className="text-xs text-muted-foreground tabular-nums">
          {of === 0 ? "none" : `${formatCount(count)} of ${formatCount(of)}`}
        </span>
        <ShareBar share={share} className={barClassName} />
      </div>
    </TableCell>
  );
}

export function DriftCard({ rows, window: selected }: { rows: DriftRow[]; window: DashboardWindow }) {
  const period = windowPhrases[selected];
  return (
    <SectionCard
      testId="section-drift"
      title="By intent and field"
      description={
        <>
          What became of the proposed changes of {period}, worst first. Approved, edited and rejected are
          shares of the changes a person reviewed; rolled back, of those applied; corrected (edited, rejected
          or rolled back), of all decided.
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="py-6 text-sm text-muted-foreground">No change sets in {period}.</p>
      ) : (
        <Table data-testid="drift-table">
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Intent and field</TableHead>
              <TableHead scope="col" className="text-right">
                Proposed
              </TableHead>
              <TableHead scope="col" className="text-right">
                Auto-applied
              </TableHead>
              <TableHead scope="col" className="text-right">
                Approved as proposed
              </TableHead>
              <TableHead scope="col" className="text-right">
                Edited
              </TableHead>
              <TableHead scope="col" className="text-right">
                Rejected
              </TableHead>
              <TableHead scope="col" className="text-right">
                Rolled back
              </TableHead>
              <TableHead scope="col" className="text-right">
                Corrected
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={`${row.intent}|${row.field}`} data-testid="drift-row">
                <TableCell className="align-top">
                  <div className="font-medium">{humanize(row.intent)}</div>
                  <div className="font-mono text-xs text-muted-foreground">{row.field}</div>
                </TableCell>
                <TableCell className="text-right align-top tabular-nums">
                  {formatCount(row.proposed)}
                </TableCell>
                <ShareCell share={row.autoAppliedShare} of={row.proposed} count={row.autoApplied} />
                <ShareCell share={row.approvedShare} of={row.reviewed} count={row.approved} />
                <ShareCell
                  share={row.editedShare}
                  of={row.reviewed}
                  count={row.edited}
                  barClassName="bg-amber-500"
                />
                <ShareCell
                  share={row.rejectedShare}
                  of={row.reviewed}
                  count={row.rejected}
                  barClassName="bg-rose-600"
                />
                <ShareCell
                  share={row.rolledBackShare}
                  of={row.applied}
                  count={row.rolledBack}
                  barClassName="bg-violet-600"
                />
                <TableCell className="text-right align-top">
                  <div className="flex flex-col items-end">
                    <span
                      className={cn(
                        "font-semibold tabular-nums",
                        (row.correctedShare ?? 0) >= 0.25 && "text-rose-700 dark:text-rose-300",
                      )}
                    >
                      {formatShare(row.correctedShare)}
                    </span>
                    <span className="text-xs text-muted-foreground tabular-nums">
                      {row.decided === 0
                        ? "none decided"
                        : `${formatCount(row.corrected)} of ${formatCount(row.decided)}`}
                    </span>
                    <ShareBar share={row.correctedShare} className={correctionTone(row.correctedShare)} />
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}
