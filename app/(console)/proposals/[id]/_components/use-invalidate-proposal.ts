"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";

/** After a decision, everything that shows proposals, records or history is stale. */
export function useInvalidateProposal() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.proposal.pathFilter()),
      queryClient.invalidateQueries(trpc.customer.pathFilter()),
      queryClient.invalidateQueries(trpc.audit.pathFilter()),
    ]);
}
