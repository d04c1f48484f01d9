import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers";
import { createTrpcContext } from "@/server/trpc/context";

// Permission checks happen inside each procedure (server/trpc/init.ts), not here.
const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createTrpcContext({ headers: request.headers }),
  });

export { handler as GET, handler as POST };
