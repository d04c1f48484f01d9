import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { connectorConfigs } from "@/db/schema";
import { connectorConfigInput } from "@/contracts/connector-inputs";

export type ConnectorConfig = typeof connectorConfigs.$inferSelect;

// one schema for a store's configuration, shared with the admin console's form
export { connectorConfigInput };

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
