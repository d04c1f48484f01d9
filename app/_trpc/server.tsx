import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { appRouter } from "@/server/routers";
import { createTrpcContext } from "@/server/trpc/context";
import { makeQueryClient } from "@/components/query-client";

/** Server components prefetch through this; client components then read the same queries. */
export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => createTrpcContext({ headers: new Headers(await headers()) }));

export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
