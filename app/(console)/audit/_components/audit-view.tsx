"use client";

import { useMutation, useSuspenseQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AuditEventList } from "@/components/audit/audit-event-list";
import { useTRPC } from "@/components/trpc";
import type { RouterInputs } from "@/components/trpc-types";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type AuditInput = RouterInputs["audit"]["list"];

export function AuditView({ input }: { input: AuditInput }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const { data } = useSuspenseQuery(trpc.audit.list.queryOptions(input));
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const [customerId, setCustomerId] = useState(input.contactId ?? "");
  const [proposalId, setProposalId] = useState(input.proposalId ?? "");
  const [action, setAction] = useState(input.action ?? "");

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const params = new URLSearchParams();
    if (customerId.trim()) params.set("customerId", customerId.trim());
    if (proposalId.trim()) params.set("proposalId", proposalId.trim());
    if (action.trim()) params.set("action", action.trim());
    router.push(params.size ? `${pathname}?${params.toString()}` : pathname);
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={applyFilters}
        className="flex flex-wrap items-end gap-3"
        aria-label="Filter the audit trail"
      >
        <div className="space-y-1">
          <Label htmlFor="filter-customer">Customer id</Label>
          <Input
            id="filter-customer"
            value={customerId}
            onChange={(e) => setCustomerId(e.target.value)}
            className="w-80"
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="filter-proposal">Proposal id</Label>
          <Input
            id="filter-proposal"
            value={proposalId}
            onChange={(e) => setProposalId(e.target.value)}
            className="w-80"
          />
        </div>
        <div className="space-y-1">
          <Label htmlFor="filter-action">Action starts with</Label>
          <Input
            id="filter-action"
            placeholder="proposal."
            value={action}
            onChange={(e) => setAction(e.target.value)}
            className="w-44"
          />
        </div>
        <Button type="submit">Filter</Button>
        <Button type="button" variant="outline" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify hash chain"}
        </Button>
      </form>
      {verify.data ? (
        <Alert variant={verify.data.ok ? "default" : "destructive"} role="status">
          <AlertTitle>
            {verify.data.ok ? "The audit trail is intact" : "The audit trail was tampered with"}
          </AlertTitle>
          <AlertDescription>
            {verify.data.ok
              ? `${verify.data.checked} sealed entries checked; every hash, link and ${verify.data.checkpoints} ${verify.data.checkpoints === 1 ? "checkpoint" : "checkpoints"} match${verify.data.signaturesChecked ? "" : " (signatures not checked: no signing key on this server yet)"}. ${verify.data.unsealed} newer ${verify.data.unsealed === 1 ? "entry is" : "entries are"} not sealed yet.`
              : `${verify.data.reason[0]?.toUpperCase()}${verify.data.reason.slice(1)}.`}
          </AlertDescription>
        </Alert>
      ) : null}
      {verify.error ? (
        <Alert variant="destructive">
          <AlertTitle>Could not verify</AlertTitle>
          <AlertDescription>{verify.error.message}</AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardContent>
          <AuditEventList events={data.events} />
          {data.nextBeforeId ? (
            <p className="pt-3 text-sm text-muted-foreground">
              Showing the newest {data.events.length} entries; narrow the filter to see older ones.
            </p>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
