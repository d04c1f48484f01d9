"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { FieldValue } from "@/components/changes/field-value";
import { StatusBadge } from "@/components/changes/status-badge";
import { formatDateTime, humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-3 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function CustomerView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery({ ...trpc.customer.get.queryOptions({ id }), refetchInterval: 10_000 });
  const { contact } = data;
  return (
    <div className="space-y-5">
      <PageHeader
        title={contact.name}
        description={`Contact · version ${contact.version} · updated ${formatDateTime(contact.updatedAt)}`}
        actions={
          <Link className="text-sm underline underline-offset-2" href={`/audit?customerId=${contact.id}`}>
            Full audit trail
          </Link>
        }
      />
      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Record</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y">
              <Row label="Email" testId="contact-email">
                <FieldValue value={contact.email} type="email" />
              </Row>
              <Row label="Phone" testId="contact-phone">
                <FieldValue value={contact.phone} type="phone" />
              </Row>
              <Row label="Postal address">
                <FieldValue value={contact.postalAddress} type="address" />
              </Row>
              <Row label="Shipping address">
                <FieldValue value={contact.shippingAddress} type="address" />
              </Row>
              <Row label="Language">{contact.language}</Row>
              <Row label="Marketing">
                <FieldValue value={contact.marketingConsent} type="boolean" />
              </Row>
              <Row label="Status">{humanize(contact.status)}</Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Orders, subscriptions and tickets</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Order</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Ships to</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.orders.map((o) => (
                  <TableRow key={o.id} data-testid="order-row">
                    <TableCell className="tabular-nums">{o.number}</TableCell>
                    <TableCell>{humanize(o.status)}</TableCell>
                    <TableCell className="text-muted-foreground">
                      {o.shippingAddress ? `${o.shippingAddress.line1}, ${o.shippingAddress.city}` : "—"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex flex-wrap gap-2 text-sm">
              {data.subscriptions.map((s) => (
                <Badge key={s.id} variant="outline" className="font-normal">
                  Subscription S-{s.number}: {s.plan}, {s.status}
                </Badge>
              ))}
              {data.tickets.map((t) => (
                <Badge key={t.id} variant="outline" className="font-normal">
                  Ticket #{t.number}: {t.subject} ({t.status}, {t.priority})
                </Badge>
              ))}
            </div>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Proposals</CardTitle>
        </CardHeader>
        <CardContent>
          {data.proposals.length === 0 ? (
            <p className="text-sm text-muted-foreground">No proposals for this customer.</p>
          ) : null}
          <ul className="divide-y">
            {data.proposals.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <Link href={`/proposals/${p.id}`} className="font-medium hover:underline">
                  {p.summary}
                </Link>
                <span className="flex items-center gap-2 text-muted-foreground">
                  {p.rolledBackByProposalId ? <Badge variant="outline">Rolled back</Badge> : null}
                  <StatusBadge status={p.status} />
                  {formatDateTime(p.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">History</CardTitle>
        </CardHeader>
        <CardContent>
          <AuditEventList events={data.events} />
        </CardContent>
      </Card>
    </div>
  );
}
