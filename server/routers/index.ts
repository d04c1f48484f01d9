import { createCallerFactory, router } from "../trpc/init";
import { auditRouter } from "./audit";
import { channelRouter } from "./channel";
import { changeRouter } from "./change";
import { connectorRouter } from "./connector";
import { customerRouter } from "./customer";
import { dashboardRouter } from "./dashboard";
import { importRouter } from "./import";
import { mailboxRouter } from "./mailbox";
import { messageRouter } from "./message";
import { policyRouter } from "./policy";
import { proposalRouter } from "./proposal";
import { reviewRouter } from "./review";
import { userRouter } from "./user";

export const appRouter = router({
  message: messageRouter,
  proposal: proposalRouter,
  customer: customerRouter,
  audit: auditRouter,
  policy: policyRouter,
  user: userRouter,
  change: changeRouter,
  review: reviewRouter,
  dashboard: dashboardRouter,
  connector: connectorRouter,
  channel: channelRouter,
  mailbox: mailboxRouter,
  import: importRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
