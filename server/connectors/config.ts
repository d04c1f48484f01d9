import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { connectorConfigs } from "@/db/schema";
import { storeNames } from "../extraction/catalog";

export type ConnectorConfig = typeof connectorConfigs.$inferSelect;

/** What an admin may set for a store (also what the tests and the harness write). */
export const connectorConfigInput = z.object({
  store: z.enum(storeNames),
  kind: z.enum(["builtin", "rest"]),
  baseUrl: z.string().url().nullable().default(null),
  /** a full header line, e.g. "Authorization: Bearer abc" */
  authHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+:\s*.+$/, "Write the header as `Name: value`")
    .nullable()
    .default(null),
  fieldMapping: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  enabled: z.boolean().default(true),
});

export async function upsertConnectorConfig(
  db: DbOrTx,
  input: z.input<typeof connectorConfigInput>,
): Promise<ConnectorConfig> {
  const values = connectorConfigInput.parse(input);
  const [row] = await db
    .insert(connectorConfigs)
    .values(values)
    .onConflictDoUpdate({ target: connectorConfigs.store, set: { ...values, updatedAt: new Date() } })
    .returning();
  if (!row) throw new Error("connector config not stored");
  return row;
}

export async function getConnectorConfig(db: DbOrTx, store: string): Promise<ConnectorConfig | undefined> {
  const [row] = await db.select().from(connectorConfigs).where(eq(connectorConfigs.store, store));
  return row;
}

/**
 * The stores among `stores` that live outside our database (an enabled REST connector).
 * Their changes are written from the outbox after the apply transaction commits.
 */
export async function listExternalStores(db: DbOrTx, stores: string[]): Promise<Set<string>> {
  if (stores.length === 0) return new Set();
  const rows = await db
    .select({ store: connectorConfigs.store })
    .from(connectorConfigs)
    .where(
      and(
        inArray(connectorConfigs.store, stores),
        eq(connectorConfigs.kind, "rest"),
        eq(connectorConfigs.enabled, true),
      ),
    );
  return new Set(rows.map((r) => r.store));
}

export async function listConnectorConfigs(db: DbOrTx): Promise<ConnectorConfig[]> {
  return db.select().from(connectorConfigs).orderBy(connectorConfigs.store);
}
