import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/**
 * What each procedure takes and returns, read off the router: `RouterOutputs["audit"]["list"]`.
 * Client code names these instead of copying a shape by hand, so a change on the server is a type
 * error here rather than a silent mismatch. Type-only: no server code reaches the browser.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
