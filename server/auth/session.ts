import "server-only";
import { getServerSession } from "next-auth";
import type { DbOrTx } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { getDb } from "../db";
import { authOptions } from "./config";
import type { Role } from "@/contracts/permissions";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** an admin forced a reset: nothing but changing the password is allowed until it is done */
  mustChangePassword?: boolean;
};

/**
 * The signed-in user as the database has them now, or null when signed out, unknown or disabled.
 * Every request goes through here (tRPC context, pages), so role changes apply on the next request.
 */
export async function getServerAuthSession(): Promise<{ user: SessionUser } | null> {
  const session = await getServerSession(authOptions);
  const sessionUser = session?.user as { id?: string; sv?: number } | undefined;
  if (!sessionUser?.id) return null;
  const user = await loadSessionUser(getDb(), sessionUser.id, sessionUser.sv ?? 0);
  return user ? { user } : null;
}

/**
 * The user behind a session as stored now; null when unknown, disabled, or when the session was
 * signed in at an older session version (signed out since, password or role changed, disabled).
 */
export async function loadSessionUser(
  db: DbOrTx,
  userId: string,
  sessionVersion: number,
): Promise<SessionUser | null> {
  const user = await getUserById(db, userId);
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
  };
}
