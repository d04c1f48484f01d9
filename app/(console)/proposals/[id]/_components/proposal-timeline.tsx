import { AuditEventList, type AuditEventRow } from "@/components/audit/audit-event-list";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export function ProposalTimeline({ events }: { events: AuditEventRow[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">History</CardTitle>
      </CardHeader>
      <CardContent>
        <AuditEventList events={events} compact />
      </CardContent>
    </Card>
  );
}
