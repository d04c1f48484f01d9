"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FieldValue } from "@/components/changes/field-value";
import { StatusBadge } from "@/components/changes/status-badge";
import { humanize, timeAgo } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { RouterOutputs } from "@/components/trpc-types";
import { getFieldDefinition, type FieldType } from "@/contracts/catalog";

type Contact = NonNullable<RouterOutputs["proposal"]["get"]["contact"]>;

const recordFields: { key: keyof Contact; label: string; type: FieldType }[] = [
  { key: "email", label: "Email", type: "email" },
  { key: "phone", label: "Phone", type: "phone" },
  { key: "postalAddress", label: "Postal address", type: "address" },
  { key: "shippingAddress", label: "Shipping address", type: "address" },
  { key: "language", label: "Language", type: "text" },
  { key: "marketingConsent", label: "Marketing consent", type: "boolean" },
];

/** The customer as the record holds them now, what they wrote and what was changed before, and their other open items. */
export function CustomerPanel({ proposalId, contact }: { proposalId: string; contact: Contact | null }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery({
    ...trpc.review.context.queryOptions({ proposalId }),
    refetchInterval: 30_000,
  });
  if (!contact) return null;
  const timeline = [
    ...data.messages.map((m) => ({
      at: m.receivedAt,
      key: `m-${m.id}`,
      kind: "message" as const,
      message: m,
    })),
    ...data.changes.map((c) => ({ at: c.appliedAt, key: `c-${c.id}`, kind: "change" as const, change: c })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());

  return (
    <Card data-testid="customer-panel">
      <CardHeader>
        <CardTitle className="text-base">
          <Link href={`/customers/${contact.id}`} className="hover:underline">
            {contact.name}
          </Link>
        </CardTitle>
        <p className="text-xs text-muted-foreground">
          Record version {contact.version} · updated {timeAgo(contact.updatedAt)}
        </p>
      </CardHeader>
      <CardContent className="space-y-5 text-sm">
        <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 gap-y-1.5">
          {recordFields.map((field) => (
            <div key={field.key} className="contents">
              <dt className="text-muted-foreground">{field.label}</dt>
              <dd className="min-w-0 [overflow-wrap:anywhere] [&_*]:whitespace-normal">
                <FieldValue value={contact[field.key]} type={field.type} />
              </dd>
            </div>
          ))}
        </dl>

        <section aria-labelledby="other-open-heading">
          <h3
            id="other-open-heading"
            className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase"
          >
            Other open proposals ({data.openProposals.length})
          </h3>
          {data.openProposals.length === 0 ? (
            <p className="text-muted-foreground">None.</p>
          ) : (
            <ul className="space-y-1" data-testid="other-open-proposals">
              {data.openProposals.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-2">
                  <Link href={`/proposals/${p.id}`} className="min-w-0 truncate hover:underline">
                    {p.summary}
                  </Link>
                  <StatusBadge status={p.status} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="customer-timeline-heading">
          <h3
            id="customer-timeline-heading"
            className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase"
          >
            Earlier messages and changes
          </h3>
          {timeline.length === 0 ? (
            <p className="text-muted-foreground">Nothing earlier.</p>
          ) : (
            <ol className="space-y-2 border-l pl-3" data-testid="customer-timeline">
              {timeline.map((entry) =>
                entry.kind === "message" ? (
                  <li key={entry.key}>
                    <p>
                      Wrote via {entry.message.channel}:{" "}
                      <span className="font-medium">{entry.message.subject ?? "(no subject)"}</span>
                    </p>
                    <p className="text-xs text-muted-foreground">
                      {timeAgo(entry.at)} · {humanize(entry.message.status)}
                    </p>
                  </li>
                ) : (
                  <li key={entry.key}>
                    <p className="flex flex-wrap items-center gap-1.5">
                      {entry.change.kind === "rollback" ? <Badge variant="outline">Rollback</Badge> : null}
                      <span>
                        {getFieldDefinition(entry.change.field)?.label ?? entry.change.field} changed
                      </span>
                      {entry.change.rolledBackAt ? <Badge variant="secondary">rolled back</Badge> : null}
                    </p>
                    <p className="text-xs text-muted-foreground">
                      <FieldValue value={entry.change.oldValue} /> →{" "}
                      <FieldValue value={entry.change.newValue} /> ·{" "}
                      <Link
                        href={`/proposals/${entry.change.proposalId}`}
                        className="underline underline-offset-2"
                      >
                        {timeAgo(entry.at)}
                      </Link>
                    </p>
                  </li>
                ),
              )}
            </ol>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
