import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { accounts, contacts, orders, subscriptions, tickets } from "@/db/schema";
import { AppError } from "../errors";
import type { EntityName, StoreName } from "@/contracts/catalog";
import type { Connector, StoredRecord } from "./types";

const tables = {
  contact: contacts,
  account: accounts,
  ticket: tickets,
  order: orders,
  subscription: subscriptions,
} as const;

type AnyRecordTable = (typeof tables)[EntityName];

function labelFor(entity: EntityName, row: Record<string, unknown>): string {
  switch (entity) {
    case "contact":
    case "account":
      return String(row.name);
    case "order":
      return `Order ${String(row.number)}`;
    case "ticket":
      return `Ticket #${String(row.number)}`;
    case "subscription":
      return `Subscription S-${String(row.number)}`;
  }
}

function contactIdOf(entity: EntityName, row: Record<string, unknown>): string | null {
  if (entity === "contact") return String(row.id);
  if (entity === "account") return null;
  return (row.contactId as string | null) ?? null;
}

/** The stores that live in Changedesk's own Postgres: crm, ticketing and commerce. */
export function createBuiltinConnector(store: StoreName): Connector {
  return {
    store,
    async readRecord(
      db: DbOrTx,
      entity: EntityName,
      recordId: string,
      options = {},
    ): Promise<StoredRecord | null> {
      const table: AnyRecordTable = tables[entity];
      const query = db.select().from(table).where(eq(table.id, recordId));
      // NO KEY UPDATE: we never change a record's key, and a plain FOR UPDATE would also wait on
      // the KEY SHARE lock that any insert referencing the record takes (a new proposal or message
      // for this customer), which can deadlock against that insert's transaction
      const [row] = options.forUpdate ? await query.for("no key update") : await query;
      if (!row) return null;
      const values = row as unknown as Record<string, unknown>;
      return {
        id: row.id,
        version: row.version,
        values,
        label: labelFor(entity, values),
        contactId: contactIdOf(entity, values),
        updatedAt: row.updatedAt,
      };
    },
    async writeFields(
      tx: Tx,
      entity: EntityName,
      recordId: string,
      expectedVersion: number,
      fields: Record<string, unknown>,
    ) {
      const table: AnyRecordTable = tables[entity];
      const columns = table as unknown as Record<string, unknown>;
      for (const field of Object.keys(fields)) {
        // the catalog is the allow-list; this guards against a catalog entry naming a missing column
        if (!(field in columns) || field === "id" || field === "version") {
          throw new AppError(
            "INTERNAL_SERVER_ERROR",
            `Store ${store} has no writable field ${entity}.${field}`,
          );
        }
      }
      const [updated] = await tx
        .update(table)
        .set({ ...fields, version: sql`${table.version} + 1`, updatedAt: new Date() })
        .where(and(eq(table.id, recordId), eq(table.version, expectedVersion)))
        .returning({ version: table.version });
      return updated?.version ?? null;
    },
  };
}

const builtinConnectors: Record<StoreName, Connector> = {
  crm: createBuiltinConnector("crm"),
  ticketing: createBuiltinConnector("ticketing"),
  commerce: createBuiltinConnector("commerce"),
};

export function getConnector(store: string): Connector {
  const connector = builtinConnectors[store as StoreName];
  if (!connector) throw new AppError("INTERNAL_SERVER_ERROR", `No connector for store "${store}"`);
  return connector;
}
