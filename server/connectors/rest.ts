import { AppError } from "../errors";
import type { ConnectorConfig } from "./config";

/**
 * The generic REST connector for a system of record outside our database.
 *
 *   GET   {baseUrl}/{entity}s/{recordId}          → 200 JSON record, `ETag` header (or a `version` field)
 *   PATCH {baseUrl}/{entity}s/{recordId}          ← JSON of the changed fields only
 *         If-Match: <etag>                          → 412 when the record moved since the GET
 *         Idempotency-Key: <outbox key>             → a repeated PATCH is answered, not re-applied
 *
 * Field names are mapped per entity (`fieldMapping.contact.phone = "mobile_phone"`). Network
 * failures and 5xx answers are thrown as retryable; 412 is a result, because it means "re-read".
 */
export type RemoteRecord = { etag: string; values: Record<string, unknown> };
export type PatchResult =
  { status: "written"; etag: string | null } | { status: "precondition_failed" } | { status: "not_found" };

export class RetryableDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryableDeliveryError";
  }
}

export function remoteFieldName(
  config: Pick<ConnectorConfig, "fieldMapping">,
  entity: string,
  field: string,
): string {
  return config.fieldMapping[entity]?.[field] ?? field;
}

/** What one request needs: where the store is, its credentials, how long to wait. */
export type RestEndpoint = Pick<ConnectorConfig, "store" | "baseUrl" | "authHeader" | "timeoutMs">;

function headersOf(config: RestEndpoint): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (config.authHeader) {
    const separator = config.authHeader.indexOf(":");
    headers[config.authHeader.slice(0, separator).trim()] = config.authHeader.slice(separator + 1).trim();
  }
  return headers;
}

function recordUrl(config: RestEndpoint, entity: string, recordId: string): string {
  if (!config.baseUrl)
    throw new AppError("BAD_REQUEST", `The ${config.store} connector has no base URL configured`);
  return `${config.baseUrl.replace(/\/+$/, "")}/${encodeURIComponent(entity)}s/${encodeURIComponent(recordId)}`;
}

async function call(config: RestEndpoint, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${config.timeoutMs} ms`
        : cause?.code === "ECONNREFUSED"
          ? "connection refused"
          : (cause?.code ?? cause?.message ?? String(error));
    throw new RetryableDeliveryError(`${config.store}: ${init.method ?? "GET"} ${url} failed (${reason})`, {
      cause: error,
    });
  }
}

async function failure(config: RestEndpoint, response: Response, what: string): Promise<Error> {
  const body = (await response.text().catch(() => "")).slice(0, 200);
  const message = `${config.store}: ${what} answered ${response.status}${body ? `: ${body}` : ""}`;
  // 408, 425, 429 and 5xx may pass; other 4xx will not get better by retrying
  return response.status >= 500 || [408, 425, 429].includes(response.status)
    ? new RetryableDeliveryError(message)
    : new AppError("BAD_REQUEST", message);
}

/** The record's version for If-Match: its ETag, else its `version` field. */
function etagOf(response: Response, values: Record<string, unknown>): string | null {
  const version =
    typeof values.version === "number" || typeof values.version === "string" ? values.version : null;
  return response.headers.get("etag") ?? (version !== null ? `"${version}"` : null);
}

export type RecordProbe =
  | { ok: true; url: string; status: number; etag: string | null }
  | { ok: false; url: string; status: number; detail: string };

/**
 * One GET of a record and the answer as it came, for the console's "Test connection". It never
 * writes. A network failure or timeout throws RetryableDeliveryError, as every call here does.
 */
export async function probeRemoteRecord(
  endpoint: RestEndpoint,
  entity: string,
  recordId: string,
): Promise<RecordProbe> {
  const url = recordUrl(endpoint, entity, recordId);
  const response = await call(endpoint, url, { method: "GET", headers: headersOf(endpoint) });
  if (!response.ok) {
    const body = (await response.text().catch(() => "")).trim().slice(0, 200);
    return { ok: false, url, status: response.status, detail: body || response.statusText };
  }
  const values = (await response.json().catch(() => null)) as unknown;
  if (values === null || typeof values !== "object" || Array.isArray(values))
    return { ok: false, url, status: response.status, detail: "the answer is not a JSON object" };
  return {
    ok: true,
    url,
    status: response.status,
    etag: etagOf(response, values as Record<string, unknown>),
  };
}

export async function readRemoteRecord(
  config: ConnectorConfig,
  entity: string,
  recordId: string,
): Promise<RemoteRecord | null> {
  const response = await call(config, recordUrl(config, entity, recordId), {
    method: "GET",
    headers: headersOf(config),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw await failure(config, response, "GET");
  const values = (await response.json()) as Record<string, unknown>;
  const etag = etagOf(response, values);
  if (!etag)
    throw new AppError(
      "BAD_REQUEST",
      `${config.store}: the record has neither an ETag nor a version; it cannot be written safely`,
    );
  return { etag, values };
}

export async function patchRemoteRecord(
  config: ConnectorConfig,
  params: {
    entity: string;
    recordId: string;
    etag: string;
    fields: Record<string, unknown>;
    idempotencyKey: string;
  },
): Promise<PatchResult> {
  const response = await call(config, recordUrl(config, params.entity, params.recordId), {
    method: "PATCH",
    headers: {
      ...headersOf(config),
      "content-type": "application/json",
      "if-match": params.etag,
      "idempotency-key": params.idempotencyKey,
    },
    body: JSON.stringify(params.fields),
  });
  if (response.status === 412) return { status: "precondition_failed" };
  if (response.status === 404) return { status: "not_found" };
  if (!response.ok) throw await failure(config, response, "PATCH");
  await response.body?.cancel();
  return { status: "written", etag: response.headers.get("etag") };
}
