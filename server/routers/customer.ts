import { z } from "zod";
import { getCustomerDetail, searchCustomers } from "../customers/detail";
import { permissionProcedure, router } from "../trpc/init";

export const customerRouter = router({
  list: permissionProcedure("queue.view")
    .input(
      z.object({
        query: z.string().trim().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(100),
      }),
    )
    .query(({ ctx, input }) => searchCustomers(ctx.db, input)),
  get: permissionProcedure("queue.view")
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getCustomerDetail(ctx.db, input.id)),
});
