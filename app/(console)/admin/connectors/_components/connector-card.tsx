"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { formatDateTime } from "@/components/format";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { mappableFields } from "@/contracts/connector-inputs";
import { EditConnectorDialog } from "./edit-connector-dialog";
import type { ConnectorView } from "./form-values";
import { kindLabels } from "./kind-labels";

/** A store's connector as it is configured, what is on its way to it, and its Edit dialog. */
export function ConnectorCard({ connector }: { connector: ConnectorView }) {
  const [saved, setSaved] = useState<Notice | null>(null);
  const fields = mappableFields(connector.store);
  const external = connector.kind === "rest" && connector.enabled;

  return (
    <Card data-testid={`connector-${connector.store}`}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <h2>{connector.label}</h2>
          <Badge variant={connector.kind === "rest" ? "default" : "secondary"}>
            {kindLabels[connector.kind]}
          </Badge>
          {connector.kind === "rest" && !connector.enabled ? <Badge variant="outline">Disabled</Badge> : null}
        </CardTitle>
        <CardDescription>{fields.map((f) => f.label).join(", ")}</CardDescription>
        <CardAction>
          <EditConnectorDialog
            connector={connector}
            onSaved={(next) =>
              setSaved({
                tone: "success",
                title: "Saved",
                text:
                  next.kind === "rest" && next.enabled
                    ? `${next.label} changes are now written to ${next.baseUrl ?? "the REST system"}.`
                    : `${next.label} changes are now written to Changedesk's own tables.`,
              })
            }
          />
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <NoticeAlert notice={saved} onDismiss={() => setSaved(null)} />

        {connector.kind === "rest" ? (
          <dl className="grid gap-2">
            <Item term="Base URL">
              <span className="font-mono text-xs break-all">{connector.baseUrl ?? "—"}</span>
            </Item>
            <Item term="Auth header">
              {connector.hasAuthHeader ? (
                <span className="font-mono text-xs">{connector.authHeaderName}: ••••••</span>
              ) : (
                "None"
              )}
            </Item>
            <Item term="Timeout">{connector.timeoutMs.toLocaleString("en")} ms</Item>
            <Item term="Enabled">{connector.enabled ? "Yes" : "No: the built-in store is used"}</Item>
            <Item term="Field mapping">
              <FieldMappingSummary connector={connector} />
            </Item>
          </dl>
        ) : (
          <p className="text-muted-foreground">
            Written in Changedesk&apos;s own tables, in the transaction that applies each change.
            {connector.baseUrl
              ? ` The REST settings for ${connector.baseUrl} are kept for a switch back.`
              : ""}
          </p>
        )}

        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-t pt-3">
          <p>
            <span className="font-medium">In the outbox: </span>
            <span className={connector.writes.pending > 0 && !external ? "text-destructive" : undefined}>
              {connector.writes.pending} pending
            </span>
            {" · "}
            <span className={connector.writes.failed > 0 ? "text-destructive" : undefined}>
              {connector.writes.failed} failed
            </span>
            {" · "}
            <span className={connector.writes.dead > 0 ? "text-destructive" : undefined}>
              {connector.writes.dead} dead
            </span>
          </p>
          <Link className="underline underline-offset-2" href="/outbox">
            Outbox<span className="sr-only"> ({connector.label} writes)</span>
          </Link>
        </div>
        {connector.updatedAt ? (
          <p className="text-xs text-muted-foreground">Last changed {formatDateTime(connector.updatedAt)}</p>
        ) : null}
      </CardContent>
    </Card>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function FieldMappingSummary({ connector }: { connector: ConnectorView }) {
  const mapped = mappableFields(connector.store).flatMap((field) => {
    const remote = connector.fieldMapping[field.entity]?.[field.field];
    return remote ? [{ field, remote }] : [];
  });
  if (mapped.length === 0) return <>Same names as in Changedesk</>;
  return (
    <ul className="space-y-0.5">
      {mapped.map(({ field, remote }) => (
        <li key={field.key}>
          {field.label} → <span className="font-mono text-xs">{remote}</span>
        </li>
      ))}
    </ul>
  );
}
