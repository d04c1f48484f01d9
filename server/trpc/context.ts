import { randomUUID } from "node:crypto";
import { getServerAuthSession } from "../auth/session";
import { getBoss } from "../boss";
import { getDb } from "../db";
import { logger } from "../observability/logger";
import type { TrpcContext } from "./init";

export async function createTrpcContext(options: { headers: Headers }): Promise<TrpcContext> {
  const requestId = options.headers.get("x-request-id") ?? randomUUID();
  const session = await getServerAuthSession();
  return {
    db: getDb(),
    getBoss,
    user: session?.user ?? null,
    requestId,
    log: logger.child({ requestId, userId: session?.user.id }),
  };
}
