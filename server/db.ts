import "server-only";
import { createDb, type Db } from "@/db/client";
import { requireDatabaseUrl } from "./env";

// One pool per process; kept on globalThis so Next's dev reloads do not open a pool per edit.
const globalForDb = globalThis as unknown as { changedeskDb?: Db };

export function getDb(): Db {
  globalForDb.changedeskDb ??= createDb(requireDatabaseUrl(), { applicationName: "changedesk-web" }).db;
  return globalForDb.changedeskDb;
}
