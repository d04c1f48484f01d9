import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { users } from "../schema";

export type User = typeof users.$inferSelect;

/** Emails are stored lower-cased and trimmed, so lookups and the unique index ignore case. */
function normalizedEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserById(db: DbOrTx, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function getUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizedEmail(email)));
  return user;
}

export async function listUsers(db: DbOrTx): Promise<User[]> {
  return db.select().from(users).orderBy(users.email);
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({ ...values, email: normalizedEmail(values.email) })
    .returning();
  if (!user) throw new Error("insert into users returned nothing");
  return user;
}

/** Inserts a user unless the email is taken (checked by the unique index, so races too); undefined then. */
export async function insertUserIfEmailFree(
  db: DbOrTx,
  values: typeof users.$inferInsert,
): Promise<User | undefined> {
  const [user] = await db
    .insert(users)
    .values({ ...values, email: normalizedEmail(values.email) })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return user;
}

export async function updateUser(
  db: DbOrTx,
  id: string,
  values: Partial<Pick<User, "name" | "role" | "disabledAt" | "passwordHash" | "mustChangePassword">>,
): Promise<User | undefined> {
  const [user] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return user;
}

/** Ends every session of the user on its next request (server/auth/session.ts compares versions). */
export async function bumpSessionVersion(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, id));
}
