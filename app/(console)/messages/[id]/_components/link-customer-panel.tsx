"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SearchIcon } from "lucide-react";
import { useDeferredValue, useId, useState } from "react";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/components/ui/utils";
import type { MessageDetailData } from "./message-detail";

/**
 * An unmatched message: the sender matches no customer, or several. A person finds the customer
 * by name or email and links the message; the pipeline then reads it again for that customer.
 * The choices are native radio buttons, so arrow keys move between them and Enter submits.
 */
export function LinkCustomerPanel({ data, canAct }: { data: MessageDetailData; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const deferredQuery = useDeferredValue(query.trim());
  const results = useQuery({
    ...trpc.customer.list.queryOptions({ query: deferredQuery, limit: 8 }),
    enabled: deferredQuery.length >= 2,
    placeholderData: keepPreviousData,
  });
  const link = useMutation(
    trpc.message.linkCustomer.mutationOptions({
      onSuccess: () => setNotice(null),
      onError: (error) => setNotice({ tone: "destructive", title: "Not linked", text: error.message }),
      onSettled: () => queryClient.invalidateQueries(trpc.message.pathFilter()),
    }),
  );
  const customers = deferredQuery.length >= 2 ? (results.data ?? []) : [];
  const chosenCustomer = customers.find((c) => c.id === chosen);

  return (
    <Card data-testid="link-customer-panel">
      <CardHeader>
        <CardTitle className="text-base">Unmatched sender</CardTitle>
        <CardDescription>
          <span className="font-medium text-foreground">{data.message.sender}</span> matches{" "}
          {data.message.resolutionMethod === "ambiguous_sender" ? "several customers" : "no customer"}.
          Nothing in this message can change a record until a person links it to the right customer.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!canAct ? (
          <p className="text-sm text-muted-foreground">Your role can view this message but not link it.</p>
        ) : (
          <form
            className="flex flex-col gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              if (!chosen) return;
              link.mutate({ messageId: data.message.id, contactId: chosen, expectedStatus: "unmatched" });
            }}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={searchId}>Find the customer by name or email</Label>
              <div className="relative">
                <SearchIcon
                  aria-hidden="true"
                  className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
                />
                <Input
                  id={searchId}
                  type="search"
                  className="pl-8"
                  placeholder="e.g. Ana Silva or ana@example.com"
                  autoComplete="off"
                  value={query}
                  onChange={(event) => {
                    setQuery(event.target.value);
                    setChosen(null);
                  }}
                  data-testid="customer-search"
                />
              </div>
            </div>
            <fieldset className="min-h-24 min-w-0" aria-busy={results.isFetching}>
              <legend className="sr-only">Customers found</legend>
              {deferredQuery.length < 2 ? (
                <p className="text-sm text-muted-foreground">Type at least two letters to search.</p>
              ) : results.isError ? (
                <p className="text-sm text-destructive" role="alert">
                  Search failed: {results.error.message}
                </p>
              ) : customers.length === 0 ? (
                <p className="text-sm text-muted-foreground" role="status">
                  {results.isFetching ? "Searching…" : `No customer matches “${deferredQuery}”.`}
                </p>
              ) : (
                <ul className="flex flex-col gap-1" data-testid="customer-results">
                  {customers.map((customer) => (
                    <li key={customer.id}>
                      <label
                        className={cn(
                          "flex cursor-pointer items-start gap-2.5 rounded-md border p-2.5 text-sm transition-colors hover:bg-muted/60 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                          chosen === customer.id && "border-primary bg-primary/5",
                        )}
                      >
                        <input
                          type="radio"
                          name="customer"
                          value={customer.id}
                          checked={chosen === customer.id}
                          onChange={() => setChosen(customer.id)}
                          className="mt-0.5 accent-primary"
                        />
                        <span className="min-w-0">
                          <span className="block font-medium">{customer.name}</span>
                          <span className="block truncate text-muted-foreground">
                            {customer.email ?? "no email"}
                            {customer.phone ? ` · ${customer.phone}` : ""}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
            <Button type="submit" disabled={!chosenCustomer || link.isPending} data-testid="link-customer">
              {link.isPending
                ? "Linking…"
                : chosenCustomer
                  ? `Link to ${chosenCustomer.name} and read again`
                  : "Choose a customer to link"}
            </Button>
            <p className="text-xs text-muted-foreground">
              The link is recorded in the audit trail. Changes the message asks for still go to review: the
              sender address is not the customer&apos;s on record.
            </p>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
