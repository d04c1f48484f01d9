import type { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { countConnectorWritesByStore, countPendingConnectorWrites } from "@/db/queries/outbox";
import { getLatestRecordId } from "@/db/queries/records";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";
import { storeNames, type StoreName } from "@/contracts/catalog";
import { getConnector } from "./builtin";
import { holdConnectorConfig } from "./config-lock";
import {
  getConnectorConfig,
  listConnectorConfigs,
  upsertConnectorConfig,
  type ConnectorConfig,
} from "./config";
import {
  defaultTimeoutMs,
  storeLabels,
  type ConnectorKind,
  type FieldMapping,
  type saveConnectorInput,
  type testConnectorInput,
} from "@/contracts/connector-inputs";
import { probeRemoteRecord, RetryableDeliveryError } from "./rest";

type UserActor = Extract<Actor, { type: "user" }>;
type WriteCounts = { pending: number; failed: number; dead: number };

/** What the console may see of a store's connector: everything but the auth header's value. */
export type ConnectorView = {
  store: StoreName;
  label: string;
  /** false: nothing stored, the built-in default applies */
  configured: boolean;
  kind: ConnectorKind;
  baseUrl: string | null;
  /** the part before the colon, e.g. "Authorization" */
  authHeaderName: string | null;
  hasAuthHeader: boolean;
  fieldMapping: FieldMapping;
  timeoutMs: number;
  enabled: boolean;
  updatedAt: Date | null;
  /** connector writes to this store in the outbox */
  writes: WriteCounts;
};

function isExternal(config: Pick<ConnectorConfig, "kind" | "enabled"> | undefined): boolean {
  return config?.kind === "rest" && config.enabled;
}

function toView(store: StoreName, config: ConnectorConfig | undefined, writes: WriteCounts): ConnectorView {
  const authHeader = config?.authHeader ?? null;
  return {
    store,
    label: storeLabels[store],
    configured: config !== undefined,
    kind: config?.kind === "rest" ? "rest" : "builtin",
    baseUrl: config?.baseUrl ?? null,
    authHeaderName: authHeader ? authHeader.slice(0, authHeader.indexOf(":")).trim() : null,
    hasAuthHeader: authHeader !== null,
    fieldMapping: config?.fieldMapping ?? {},
    timeoutMs: config?.timeoutMs ?? defaultTimeoutMs,
    enabled: config?.enabled ?? true,
    updatedAt: config?.updatedAt ?? null,
    writes,
  };
}

async function writeCountsByStore(db: DbOrTx): Promise<Map<string, WriteCounts>> {
  const counts = new Map<string, WriteCounts>();
  for (const row of await countConnectorWritesByStore(db)) {
    if (!row.store || row.status === "sent") continue;
    const entry = counts.get(row.store) ?? { pending: 0, failed: 0, dead: 0 };
    entry[row.status] = row.count;
    counts.set(row.store, entry);
  }
  return counts;
}

/** One row per store of the catalog, stored or not. */
export async function listConnectors(db: Db): Promise<ConnectorView[]> {
  const [configs, counts] = await Promise.all([listConnectorConfigs(db), writeCountsByStore(db)]);
  return storeNames.map((store) =>
    toView(
      store,
      configs.find((c) => c.store === store),
      counts.get(store) ?? { pending: 0, failed: 0, dead: 0 },
    ),
  );
}

/** Omitted keeps the stored header, a line replaces it, null removes it. */
function resolveAuthHeader(stored: ConnectorConfig | undefined, given: string | null | undefined) {
  return given === undefined ? (stored?.authHeader ?? null) : given;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Saves a store's connector and audits it (never the auth header's value) in one transaction.
 *
 * A store that stops being an enabled REST connector while writes to it wait in the outbox would
 * leave them nowhere to go (delivery refuses a store that is no longer REST), so that is refused.
 * Apply transactions decide which stores are external and queue their writes under a shared hold
 * of the connector configuration's lock; taking it exclusively first means the count below cannot
 * miss a write being queued under the old configuration, and every apply after this commit sees
 * the new one.
 */
export async function saveConnector(
  db: Db,
  params: z.infer<typeof saveConnectorInput> & { actor: UserActor },
): Promise<ConnectorView> {
  return db.transaction(async (tx) => {
    await holdConnectorConfig(tx, "exclusive");
    const stored = await getConnectorConfig(tx, params.store);
    const label = storeLabels[params.store];
    if (isExternal(stored) && !isExternal(params)) {
      const pending = await countPendingConnectorWrites(tx, params.store);
      if (pending > 0) {
        const switching = params.kind === "builtin" ? "Switching it to built in" : "Disabling it";
        const them = pending === 1 ? "it" : "them";
        throw new AppError(
          "CONFLICT",
          `${label} still has ${plural(pending, "write")} waiting in the outbox for ${stored?.baseUrl ?? "its REST system"}. ` +
            `${switching} now would leave ${them} with nowhere to go: let ${them} be delivered, or resolve ${them} on the Outbox page, then try again.`,
          { pendingWrites: pending },
        );
      }
    }
    const authHeader = resolveAuthHeader(stored, params.authHeader);
    const row = await upsertConnectorConfig(tx, {
      store: params.store,
      kind: params.kind,
      baseUrl: params.baseUrl,
      authHeader,
      fieldMapping: params.fieldMapping,
      timeoutMs: params.timeoutMs,
      enabled: params.enabled,
    });
    const writes = (await writeCountsByStore(tx)).get(params.store) ?? { pending: 0, failed: 0, dead: 0 };
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "connector.configured",
        entityType: "connector",
        entityId: params.store,
        data: {
          store: row.store,
          kind: row.kind,
          baseUrl: row.baseUrl,
          enabled: row.enabled,
          timeoutMs: row.timeoutMs,
          fieldMapping: row.fieldMapping,
          // whether, never what: the header is a credential
          authHeaderChanged: (stored?.authHeader ?? null) !== authHeader,
          hasAuthHeader: authHeader !== null,
          previous: stored ? { kind: stored.kind, baseUrl: stored.baseUrl, enabled: stored.enabled } : null,
        },
      },
    ]);
    return toView(params.store, row, writes);
  });
}

/** The record a connection test reads: the store's main entity, whose ids the remote copy shares. */
const probeEntity = { crm: "contact", ticketing: "ticket", commerce: "order" } as const satisfies Record<
  StoreName,
  string
>;

export type ConnectorTestResult = {
  ok: boolean;
  /** the remote system's HTTP status; null when it did not answer */
  status: number | null;
  latencyMs: number | null;
  url: string | null;
  recordLabel: string | null;
  message: string;
};

/**
 * "Test connection": one GET of an existing record with the form's settings (the stored auth header
 * unless the form replaces or removes it), the way delivery reads before it writes. Never a write.
 */
export async function testConnector(
  db: Db,
  input: z.infer<typeof testConnectorInput>,
): Promise<ConnectorTestResult> {
  const stored = await getConnectorConfig(db, input.store);
  const entity = probeEntity[input.store];
  const recordId = await getLatestRecordId(db, entity);
  const record = recordId ? await getConnector(input.store).readRecord(db, entity, recordId) : null;
  if (!record) {
    return {
      ok: false,
      status: null,
      latencyMs: null,
      url: null,
      recordLabel: null,
      message: `There is no ${entity} in Changedesk yet, so there is nothing to read from ${input.baseUrl}.`,
    };
  }
  const endpoint = {
    store: input.store,
    baseUrl: input.baseUrl,
    authHeader: resolveAuthHeader(stored, input.authHeader),
    timeoutMs: input.timeoutMs,
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const base = { recordLabel: record.label };
  try {
    const probe = await probeRemoteRecord(endpoint, entity, record.id);
    const latencyMs = elapsed();
    const answered = { ...base, status: probe.status, latencyMs, url: probe.url };
    if (!probe.ok)
      return { ...answered, ok: false, message: explainFailure(probe.status, probe.detail, record.label) };
    if (!probe.etag) {
      return {
        ...answered,
        ok: false,
        message: `Read ${record.label}, but the answer has neither an ETag header nor a version field: Changedesk could not write it safely.`,
      };
    }
    return { ...answered, ok: true, message: `Read ${record.label} (version ${probe.etag}).` };
  } catch (error) {
    if (!(error instanceof RetryableDeliveryError)) throw error;
    return { ...base, ok: false, status: null, latencyMs: elapsed(), url: null, message: error.message };
  }
}

function explainFailure(status: number, detail: string, recordLabel: string): string {
  const answer = `Answered ${status}${detail ? `: ${detail}` : ""}.`;
  if (status === 401 || status === 403) return `${answer} Check the auth header.`;
  if (status === 404)
    return `${answer} ${recordLabel} is not there: the base URL may be wrong, or the system does not use Changedesk's record ids.`;
  return answer;
}
