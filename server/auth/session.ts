import "server-only";
import { getServerSession } from "next-auth";
import type { DbOrTx } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import { getDb } from "../db";
import { authOptions } from "./config";
import type { Role } from "@/contracts/permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user as the database has them now, or null when signed out, unknown or disabled.
 * Every request goes through here (tRPC context, pages), so role changes apply on the next request.
 */
export async function getServerAuthSession(): Promise<{ user: SessionUser } | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const user = await loadSessionUser(getDb(), userId);
  return user ? { user } : null;
}

/** The user behind a session as stored now; null when unknown or disabled. */
export async function loadSessionUser(db: DbOrTx, userId: string): Promise<SessionUser | null> {
  const user = await getUserById(db, userId);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
