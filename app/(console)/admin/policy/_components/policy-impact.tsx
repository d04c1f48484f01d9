"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getIntentDefinition } from "@/contracts/catalog";
import { routes, type Route } from "@/contracts/statuses";
import type { PolicyRules } from "@/contracts/policy-rules";

const windows = [7, 30, 90] as const;
const routeLabels: Record<Route, string> = {
  auto_apply: "Applied automatically",
  review: "Sent to a person",
  decline: "Declined",
};

/** Replays recent change sets under the draft (server side) and says what would have differed. */
export function PolicyImpact({ draft, activeVersion }: { draft: PolicyRules; activeVersion: number }) {
  const trpc = useTRPC();
  const [days, setDays] = useState<(typeof windows)[number]>(30);
  const rules = useDebounced(draft, 400);
  const { data, error, isFetching } = useQuery({
    ...trpc.policy.simulate.queryOptions({ rules, days }),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="impact-title" aria-busy={isFetching} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="impact-title" className="text-sm font-semibold">
          What it would have done
        </h3>
        <div role="group" aria-label="Replay window" className="flex gap-1">
          {windows.map((n) => (
            <Button
              key={n}
              size="sm"
              variant={days === n ? "default" : "outline"}
              aria-pressed={days === n}
              className="h-7 px-2 text-xs"
              onClick={() => setDays(n)}
            >
              {n} days
            </Button>
          ))}
        </div>
      </div>
      {error ? <p className="text-sm text-destructive">{error.message}</p> : null}
      {data ? (
        <div className="space-y-3" data-testid="policy-impact">
          <p className="text-sm text-muted-foreground">
            {data.changeSets.toLocaleString("en")} change sets proposed in the last {days} days
            {data.truncated ? " (the newest 20,000)" : ""}, replayed under v{activeVersion} and under the
            draft.
          </p>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Route</TableHead>
                <TableHead className="text-right">v{activeVersion}</TableHead>
                <TableHead className="text-right">Draft</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {routes.map((route) => {
                const delta = data.candidate[route] - data.current[route];
                return (
                  <TableRow key={route}>
                    <TableCell>{routeLabels[route]}</TableCell>
                    <TableCell className="text-right tabular-nums">{data.current[route]}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {data.candidate[route]}
                      {delta !== 0 ? (
                        <span
                          className={
                            delta > 0 ? "ml-1 text-xs text-emerald-700" : "ml-1 text-xs text-rose-700"
                          }
                        >
                          ({delta > 0 ? `+${delta}` : delta})
                        </span>
                      ) : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <IntentMoves byIntent={data.byIntent} activeVersion={activeVersion} />
          {data.newlyAutomatic.count > 0 ? (
            <Alert
              variant={
                data.newlyAutomatic.corrected > 0
                  ? "warning"
                  : data.newlyAutomatic.accepted === data.newlyAutomatic.count
                    ? "success"
                    : "default"
              }
            >
              <AlertTitle>{data.newlyAutomatic.count} would no longer wait for a person</AlertTitle>
              <AlertDescription>
                <p>
                  Reviewers accepted {data.newlyAutomatic.accepted} of them as proposed and corrected{" "}
                  {data.newlyAutomatic.corrected} (rejected, edited or rolled back)
                  {data.newlyAutomatic.open > 0 ? `; ${data.newlyAutomatic.open} are still open` : ""}.
                  {data.newlyAutomatic.corrected > 0
                    ? " Those corrected ones would have been applied wrong."
                    : ""}
                </p>
                <ExampleList sets={data.newlyAutomatic.examples} />
              </AlertDescription>
            </Alert>
          ) : null}
          {data.newlyReviewed.count > 0 ? (
            <Alert>
              <AlertTitle>
                {data.newlyReviewed.count} applied automatically today would wait for a person
              </AlertTitle>
              <AlertDescription>
                <ExampleList sets={data.newlyReviewed.examples} />
              </AlertDescription>
            </Alert>
          ) : null}
          {data.newlyAutomatic.count === 0 && data.newlyReviewed.count === 0 ? (
            <p className="text-sm text-muted-foreground">
              No change set in this window would have been routed differently.
            </p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Replaying…</p>
      )}
    </section>
  );
}

/** the intents whose change sets would be routed differently, with the automatic share before and after */
function IntentMoves({
  byIntent,
  activeVersion,
}: {
  byIntent: { intent: string; current: Record<Route, number>; candidate: Record<Route, number> }[];
  activeVersion: number;
}) {
  const moved = byIntent.filter((row) => routes.some((route) => row.current[route] !== row.candidate[route]));
  if (moved.length === 0) return null;
  return (
    <div>
      <h4 className="mb-1 text-xs font-medium text-muted-foreground">
        Applied automatically, by intent (v{activeVersion} → draft)
      </h4>
      <ul className="space-y-0.5 text-sm">
        {moved.map((row) => {
          const total = routes.reduce((sum, route) => sum + row.current[route], 0);
          return (
            <li key={row.intent} className="flex justify-between gap-3">
              <span>{getIntentDefinition(row.intent)?.label ?? row.intent}</span>
              <span className="tabular-nums">
                {row.current.auto_apply} → {row.candidate.auto_apply}{" "}
                <span className="text-muted-foreground">of {total}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ExampleList({
  sets,
}: {
  sets: { proposalId: string; summary: string; confidence: number | null; outcome: string }[];
}) {
  return (
    <ul className="mt-2 space-y-1">
      {sets.slice(0, 5).map((set) => (
        <li key={set.proposalId} className="text-xs">
          <Link href={`/proposals/${set.proposalId}`} className="underline underline-offset-2">
            {set.summary}
          </Link>{" "}
          <span className="text-muted-foreground">
            · {set.confidence?.toFixed(2) ?? "—"} · {humanize(set.outcome)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
