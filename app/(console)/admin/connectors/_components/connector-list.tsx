"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { ConnectorCard } from "./connector-card";

/** One card per store of the catalog, in the catalog's order. */
export function ConnectorList() {
  const trpc = useTRPC();
  const { data: connectors } = useSuspenseQuery(trpc.connector.list.queryOptions());
  return (
    <div className="grid items-start gap-6 xl:grid-cols-3">
      {connectors.map((connector) => (
        <ConnectorCard key={connector.store} connector={connector} />
      ))}
    </div>
  );
}
