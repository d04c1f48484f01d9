import Link from "next/link";
import { formatDateTime, humanize } from "@/components/format";
import type { RouterOutputs } from "@/components/trpc-types";
import { Badge } from "@/components/ui/badge";

/** One audit entry as the router returns it; the proposal page's timeline shows the same rows. */
export type AuditEventRow = RouterOutputs["audit"]["list"]["events"][number];

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function describe(event: AuditEventRow): string | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.action === "change.applied")
    return `${humanize(text(data.field))} of ${text(data.record)}: ${short(data.from)} → ${short(data.to)}`;
  if (event.action.startsWith("proposal.routed")) return `rule ${humanize(text(data.rule))}`;
  if (event.action === "proposal.rejected") return `reason: ${text(data.reason)}`;
  if (
    event.action === "message.no_change" ||
    event.action === "message.unmatched" ||
    event.action === "message.needs_information"
  )
    return text(data.reason);
  if (event.action === "message.linked") return `linked to ${text(data.contactName)}`;
  if (event.action === "message.answered") return `reply to ${text(data.recipient)}`;
  if (event.action === "message.failed") return text(data.error);
  if (event.action === "proposal.proposed") return text(data.summary);
  if (event.action === "proposal.conflict") return "the record changed since the proposal; nothing written";
  if (event.action === "connector.configured") {
    const where =
      data.kind === "rest"
        ? `REST at ${text(data.baseUrl)}${data.enabled === false ? " (disabled)" : ""}`
        : "built in";
    return `${text(data.store)}: ${where}${data.authHeaderChanged ? "; auth header changed" : ""}`;
  }
  if (event.action === "policy.published") {
    const changes = Array.isArray(data.changes) ? data.changes.length : 0;
    return `v${text(data.from)} → v${text(data.to)} (${changes} ${changes === 1 ? "setting" : "settings"}): ${text(data.note)}`;
  }
  return null;
}

function short(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "object")
    return Object.values(value as Record<string, unknown>)
      .filter(Boolean)
      .map(text)
      .join(", ");
  return text(value);
}

/** The audit trail as people read it: who, what, when, under which policy version. */
export function AuditEventList({ events, compact = false }: { events: AuditEventRow[]; compact?: boolean }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">No events yet.</p>;
  return (
    <ol className="divide-y" data-testid="audit-events">
      {events.map((event) => {
        const detail = describe(event);
        return (
          <li
            key={event.id}
            className="grid gap-x-4 gap-y-0.5 py-2 text-sm sm:grid-cols-[11rem_minmax(0,1fr)]"
            data-action={event.action}
          >
            <time className="text-muted-foreground tabular-nums" dateTime={event.occurredAt.toISOString()}>
              {formatDateTime(event.occurredAt)}
            </time>
            <div className="min-w-0">
              <span className="font-medium">{humanize(event.action)}</span>
              <span className="text-muted-foreground"> by {event.actorLabel}</span>
              {event.policyVersion ? (
                <Badge variant="outline" className="ml-2 font-normal">
                  policy v{event.policyVersion}
                </Badge>
              ) : null}
              {detail ? <div className="truncate text-muted-foreground">{detail}</div> : null}
              {!compact && event.proposalId ? (
                <div>
                  <Link
                    className="text-xs underline underline-offset-2"
                    href={`/proposals/${event.proposalId}`}
                  >
                    proposal {event.proposalId.slice(0, 8)}
                  </Link>
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
