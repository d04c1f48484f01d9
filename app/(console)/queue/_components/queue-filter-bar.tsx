"use client";

import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { XIcon } from "lucide-react";
import { humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/utils";
import { channels } from "@/contracts/message-input";
import { intentNames, storeNames } from "@/contracts/catalog";
import { queueAges, queueSorts, queueStatuses, slaStates, type QueueFilter } from "@/contracts/queue-filters";
import { SavedViews } from "./saved-views";
import { useQueueFilter } from "./use-queue-filter";

const number = new Intl.NumberFormat("en");

const labels = {
  status: { open: "Open (all)", pending_review: "Waiting for review" } as Record<string, string>,
  sla: {
    overdue: "Overdue",
    due_soon: "Due within the hour",
    on_track: "On track",
    none: "No SLA",
  } as Record<string, string>,
  age: {
    "1h": "Older than 1 hour",
    "4h": "Older than 4 hours",
    "24h": "Older than a day",
    "7d": "Older than a week",
  } as Record<string, string>,
  sort: { sla: "SLA due first", age: "Oldest first", confidence: "Lowest confidence first" } as Record<
    string,
    string
  >,
};

const selectClass =
  "h-8 rounded-md border border-input bg-card px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/40";

function FilterSelect({
  id,
  label,
  value,
  options,
  counts,
  anyLabel,
  optionLabels,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly string[];
  counts?: Record<string, number>;
  anyLabel?: string;
  /** labels for options that are not in `labels`, e.g. people by id */
  optionLabels?: Record<string, string>;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <select
        id={id}
        className={cn(selectClass, value !== undefined && anyLabel && "border-primary/60 bg-primary/5")}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        {anyLabel ? <option value="">{anyLabel}</option> : null}
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabels?.[option] ??
              labels[id.replace("filter-", "") as keyof typeof labels]?.[option] ??
              humanize(option)}
            {counts ? ` (${number.format(counts[option] ?? 0)})` : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Filters, sort, saved views, with a count beside each option (counts are shared and a few seconds old at most). */
export function QueueFilterBar({ canAssign }: { canAssign: boolean }) {
  const trpc = useTRPC();
  const { filter, query, setFilter, updateFilter } = useQueueFilter();
  // leads can look at anyone's assigned items; reviewers at their own and the shared ones
  const { data: people = [] } = useQuery({
    ...trpc.review.assignees.queryOptions(),
    enabled: canAssign,
    staleTime: 60_000,
  });
  const assignees = assigneeChoices(filter.assignee, people);
  const { data: counts } = useSuspenseQuery({
    ...trpc.review.counts.queryOptions(filter),
    refetchInterval: 5_000,
  });
  const active = Object.keys(query).filter((key) => key !== "sort").length;
  const set = (key: keyof QueueFilter) => (value: string | undefined) => updateFilter({ [key]: value });

  return (
    <section aria-label="Filters" className="space-y-3 rounded-lg border bg-card p-3">
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          id="filter-status"
          label="Status"
          value={filter.status}
          options={queueStatuses}
          counts={counts.status}
          onChange={(v) => updateFilter({ status: v ?? "open" })}
        />
        <FilterSelect
          id="filter-intent"
          label="Intent"
          value={filter.intent}
          options={intentNames}
          counts={counts.intent}
          anyLabel="Any intent"
          onChange={set("intent")}
        />
        <FilterSelect
          id="filter-channel"
          label="Channel"
          value={filter.channel}
          options={channels}
          counts={counts.channel}
          anyLabel="Any channel"
          onChange={set("channel")}
        />
        <FilterSelect
          id="filter-store"
          label="System"
          value={filter.store}
          options={storeNames}
          counts={counts.store}
          anyLabel="Any system"
          onChange={set("store")}
        />
        <FilterSelect
          id="filter-sla"
          label="SLA"
          value={filter.sla}
          options={slaStates}
          counts={counts.sla}
          anyLabel="Any SLA state"
          onChange={set("sla")}
        />
        <FilterSelect
          id="filter-age"
          label="Age"
          value={filter.age}
          options={queueAges}
          anyLabel="Any age"
          onChange={set("age")}
        />
        <FilterSelect
          id="filter-assignee"
          label="Assignee"
          value={filter.assignee}
          options={assignees.options}
          optionLabels={assignees.labels}
          anyLabel="Anyone"
          onChange={set("assignee")}
        />
        <div className="flex flex-col gap-1">
          <span id="filter-confidence-label" className="text-xs font-medium text-muted-foreground">
            Confidence
          </span>
          <div className="flex items-center gap-1" role="group" aria-labelledby="filter-confidence-label">
            <Input
              aria-label="Minimum confidence"
              className="h-8 w-16"
              inputMode="decimal"
              placeholder="0"
              defaultValue={filter.minConfidence ?? ""}
              key={`min-${filter.minConfidence ?? ""}`}
              onBlur={(e) => updateFilter({ minConfidence: e.target.value || undefined })}
              onKeyDown={(e) =>
                e.key === "Enter" && updateFilter({ minConfidence: e.currentTarget.value || undefined })
              }
            />
            <span aria-hidden="true" className="text-muted-foreground">
              –
            </span>
            <Input
              aria-label="Maximum confidence"
              className="h-8 w-16"
              inputMode="decimal"
              placeholder="1"
              defaultValue={filter.maxConfidence ?? ""}
              key={`max-${filter.maxConfidence ?? ""}`}
              onBlur={(e) => updateFilter({ maxConfidence: e.target.value || undefined })}
              onKeyDown={(e) =>
                e.key === "Enter" && updateFilter({ maxConfidence: e.currentTarget.value || undefined })
              }
            />
          </div>
        </div>
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor="filter-q" className="text-xs font-medium text-muted-foreground">
            Customer or text
          </label>
          <Input
            id="filter-q"
            type="search"
            className="h-8"
            placeholder="Name, email, value…"
            defaultValue={filter.q ?? ""}
            key={`q-${filter.q ?? ""}`}
            onKeyDown={(e) =>
              e.key === "Enter" && updateFilter({ q: e.currentTarget.value.trim() || undefined })
            }
            onBlur={(e) =>
              e.target.value.trim() !== (filter.q ?? "") &&
              updateFilter({ q: e.target.value.trim() || undefined })
            }
          />
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t pt-3">
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <p aria-live="polite" data-testid="queue-total">
            <span className="font-semibold tabular-nums">{number.format(counts.total)}</span>{" "}
            {counts.total === 1 ? "item" : "items"}
            {filter.customer ? <span className="text-muted-foreground"> of one customer</span> : null}
          </p>
          {active > 0 ? (
            <Button variant="ghost" size="sm" onClick={() => setFilter({ sort: filter.sort })}>
              <XIcon aria-hidden="true" />
              Clear {active} {active === 1 ? "filter" : "filters"}
            </Button>
          ) : null}
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex items-center gap-2">
            <label htmlFor="filter-sort" className="text-xs font-medium text-muted-foreground">
              Sort
            </label>
            <select
              id="filter-sort"
              className={selectClass}
              value={filter.sort}
              onChange={(e) => updateFilter({ sort: e.target.value })}
            >
              {queueSorts.map((sort) => (
                <option key={sort} value={sort}>
                  {labels.sort[sort]}
                </option>
              ))}
            </select>
          </div>
          <SavedViews />
        </div>
      </div>
    </section>
  );
}

/** "me", "unassigned", the people a lead can assign to, and whoever a shared link names */
function assigneeChoices(current: string | undefined, people: { id: string; name: string }[]) {
  const options = ["me", "unassigned", ...people.map((person) => person.id)];
  const labels: Record<string, string> = Object.fromEntries(people.map((person) => [person.id, person.name]));
  if (current && !options.includes(current)) {
    options.push(current);
    labels[current] = "Someone else";
  }
  return { options, labels };
}
