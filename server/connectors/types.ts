import type { DbOrTx, Tx } from "@/db/client";
import type { EntityName, StoreName } from "@/contracts/catalog";

export type StoredRecord = {
  id: string;
  version: number;
  /** field name (catalog `field`, e.g. "shippingAddress") → current value */
  values: Record<string, unknown>;
  /** what a person calls the record: "Ana Silva", "Order 1042" */
  label: string;
  contactId: string | null;
  updatedAt: Date;
};

/**
 * A system of record (docs/architecture.md, "Where to add"): read a record with its version; apply field changes if the
 * version still matches; report conflicts. Built-in stores work inside our transaction.
 */
export interface Connector {
  store: StoreName;
  readRecord(
    db: DbOrTx,
    entity: EntityName,
    recordId: string,
    options?: { forUpdate?: boolean },
  ): Promise<StoredRecord | null>;
  /**
   * Writes the fields and bumps the version, only if the record is still at `expectedVersion`.
   * Returns the new version, or null when the version moved (a conflict).
   */
  writeFields(
    tx: Tx,
    entity: EntityName,
    recordId: string,
    expectedVersion: number,
    fields: Record<string, unknown>,
  ): Promise<number | null>;
}
