import { createCallerFactory, router } from "../trpc/init";
import { auditRouter } from "./audit";
import { customerRouter } from "./customer";
import { messageRouter } from "./message";
import { policyRouter } from "./policy";
import { proposalRouter } from "./proposal";
import { userRouter } from "./user";

export const appRouter = router({
  message: messageRouter,
  proposal: proposalRouter,
  customer: customerRouter,
  audit: auditRouter,
  policy: policyRouter,
  user: userRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
