import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/** Advisory lock key of the connector configuration (any number no other lock uses). */
const connectorConfigLock = 727102;

/**
 * Apply transactions decide which stores sit behind an external connector and queue their writes
 * under a shared hold of this lock; saving a connector takes it exclusively. So applies never wait
 * on each other, and a connector change cannot miss a write being queued under the old
 * configuration. Held to commit; re-taking it is free.
 */
export async function holdConnectorConfig(tx: Tx, mode: "shared" | "exclusive"): Promise<void> {
  await tx.execute(
    mode === "shared"
      ? sql`select pg_advisory_xact_lock_shared(${connectorConfigLock})`
      : sql`select pg_advisory_xact_lock(${connectorConfigLock})`,
  );
}
