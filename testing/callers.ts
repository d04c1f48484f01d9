import type { Db } from "@/db/client";
import { createTestUser } from "@/db/factories";
import type { Role } from "@/contracts/permissions";
import { loadSessionUser, type SessionUser } from "@/server/auth/session";
import { getBoss } from "@/server/boss";
import { logger } from "@/server/observability/logger";
import { createCaller } from "@/server/routers";

/** The session a user has just after signing in: the one at their current session version. */
export async function sessionOf(db: Db, user: { id: string; sessionVersion: number }): Promise<SessionUser> {
  const session = await loadSessionUser(db, user.id, user.sessionVersion);
  if (!session) throw new Error(`no session for test user ${user.id}`);
  return session;
}

/** A tRPC caller acting as this session, or as nobody. */
export function callerFor(db: Db, session: SessionUser | null) {
  return createCaller({ db, getBoss, user: session, log: logger, requestId: "test" });
}

/** A new user of this role, signed in: their session and a caller acting as them. */
export async function signedInAs(db: Db, role: Role) {
  const session = await sessionOf(db, await createTestUser(db, role));
  return { session, caller: callerFor(db, session) };
}

/** A caller acting as a new user of this role. */
export async function callerAs(db: Db, role: Role) {
  return (await signedInAs(db, role)).caller;
}
