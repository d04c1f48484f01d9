import { CheckIcon } from "lucide-react";
import { formatDateTime } from "@/components/format";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

type Approvals = RouterOutputs["proposal"]["get"]["approvals"];

const resetReasons: Record<string, string> = {
  conflict: "the record changed before it was applied",
  edited: "someone edited the values afterwards",
  set_changed: "fields left the change set afterwards",
};

/**
 * Who approved the values that stand, with times, and the approvals that no longer count. A set
 * that needs two people is applied only when two different people approved exactly these values.
 */
export function ApprovalsPanel({ approvals, open }: { approvals: Approvals; open: boolean }) {
  if (approvals.required < 2 && approvals.earlier.length === 0) return null;
  const missing = Math.max(approvals.required - approvals.current.length, 0);
  return (
    <Card data-testid="approvals-panel">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle className="text-base">Approvals</CardTitle>
        <Badge variant="outline" className="tabular-nums">
          {approvals.current.length} of {approvals.required}
        </Badge>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {approvals.current.length > 0 ? (
          <ul className="space-y-1.5">
            {approvals.current.map((approval) => (
              <li
                key={`${approval.userId}-${approval.at.toISOString()}`}
                className="flex items-start gap-2"
                data-testid="approval-current"
              >
                <CheckIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden="true" />
                <span className="min-w-0">
                  <span className="font-medium">{approval.name}</span> approved
                  {approval.edited ? " with edits" : ""}{" "}
                  <span className="text-muted-foreground">{formatDateTime(approval.at)}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {open && missing > 0 ? (
          <p className="text-muted-foreground" data-testid="approvals-waiting">
            {approvals.youApproved
              ? `You approved these values; ${missing === 1 ? "a second person" : `${missing} more people`} must approve them too.`
              : approvals.current.length === 0
                ? `Needs ${approvals.required} different people to approve the same values.`
                : `Needs ${missing} more approval${missing > 1 ? "s" : ""} of these exact values, from someone who has not approved them. An edit starts the approvals again.`}
          </p>
        ) : null}
        {approvals.earlier.length > 0 ? (
          <div className="space-y-1.5">
            <p className="text-xs font-medium text-muted-foreground">No longer count</p>
            <ul className="space-y-1.5">
              {approvals.earlier.map((approval) => (
                <li
                  key={`${approval.userId}-${approval.at.toISOString()}`}
                  className="text-muted-foreground"
                  data-testid="approval-earlier"
                >
                  <span className="line-through decoration-muted-foreground/50">
                    {approval.name} approved{approval.edited ? " with edits" : ""}{" "}
                    {formatDateTime(approval.at)}
                  </span>
                  {approval.resetReason && resetReasons[approval.resetReason]
                    ? ` (${resetReasons[approval.resetReason]})`
                    : " (the values changed afterwards)"}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
