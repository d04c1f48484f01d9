"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { formatPhone } from "@/components/changes/field-value";
import { useTRPC } from "@/components/trpc";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export function CustomerList() {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query.trim());
  const { data = [], isFetching } = useQuery({
    ...trpc.customer.list.queryOptions(deferred ? { query: deferred, limit: 100 } : { limit: 100 }),
    placeholderData: (previous) => previous,
  });
  return (
    <div className="space-y-3">
      <Input
        type="search"
        aria-label="Search customers"
        placeholder="Search by name, email or phone"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="max-w-sm"
      />
      <div className="rounded-lg border bg-card" aria-busy={isFetching}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Phone</TableHead>
              <TableHead className="w-24 text-right">Version</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  <Link href={`/customers/${c.id}`} className="font-medium hover:underline">
                    {c.name}
                  </Link>
                </TableCell>
                <TableCell className="text-muted-foreground">{c.email ?? "—"}</TableCell>
                <TableCell className="text-muted-foreground tabular-nums">
                  {c.phone ? formatPhone(c.phone) : "—"}
                </TableCell>
                <TableCell className="text-right text-muted-foreground tabular-nums">v{c.version}</TableCell>
              </TableRow>
            ))}
            {data.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4} className="py-8 text-center text-muted-foreground">
                  No customer matches “{deferred}”.
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
