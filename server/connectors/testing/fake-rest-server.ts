import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small external system of record for tests: GET with an ETag, PATCH with If-Match (412 when
 * the record moved) and Idempotency-Key (a repeated key is answered from memory, not re-applied).
 * It listens on 127.0.0.1 on a random port and can be told to fail, hang or answer 412.
 */
export type FakeRecord = { version: number; values: Record<string, unknown> };
type Scripted =
  | { kind: "status"; status: number }
  | { kind: "hang"; ms: number }
  | { kind: "precondition" }
  | { kind: "move"; values: Record<string, unknown> };

export type FakeRestServer = {
  url: string;
  records: Map<string, FakeRecord>;
  /** PATCHes that changed a record (replays of an idempotency key are not counted) */
  appliedPatches: { path: string; key: string | null; body: Record<string, unknown> }[];
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  put(entity: string, id: string, values: Record<string, unknown>): void;
  get(entity: string, id: string): FakeRecord | undefined;
  /** the next `times` PATCH requests get this treatment instead of being applied */
  onNextPatch(treatment: Scripted, times?: number): void;
  /** the next `times` GET requests, likewise */
  onNextGet(treatment: Scripted, times?: number): void;
  close(): Promise<void>;
};

export async function startFakeRestServer(options: { requireAuth?: string } = {}): Promise<FakeRestServer> {
  const records = new Map<string, FakeRecord>();
  const idempotent = new Map<string, { status: number; etag: string; body: string }>();
  const patchScript: Scripted[] = [];
  const getScript: Scripted[] = [];
  const appliedPatches: FakeRestServer["appliedPatches"] = [];
  const requests: FakeRestServer["requests"] = [];
  const etagOf = (record: FakeRecord) => `"v${record.version}"`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").replace(/^\//, "");
    requests.push({ method: req.method ?? "", path, headers: req.headers });
    if (options.requireAuth && req.headers.authorization !== options.requireAuth)
      return send(res, 401, { error: "unauthorized" });
    const script =
      req.method === "PATCH" ? patchScript.shift() : req.method === "GET" ? getScript.shift() : undefined;
    if (script?.kind === "status") return send(res, script.status, { error: "scripted failure" });
    if (script?.kind === "hang") {
      await new Promise((resolve) => setTimeout(resolve, script.ms));
      if (res.destroyed) return;
    }
    const record = records.get(path);
    if (script?.kind === "move" && record) {
      Object.assign(record.values, script.values);
      record.version += 1;
    }
    if (req.method === "GET") {
      if (!record) return send(res, 404, { error: "not found" });
      return send(res, 200, { ...record.values, version: record.version }, etagOf(record));
    }
    if (req.method === "PATCH") {
      const body = await readBody(req);
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const replay = key ? idempotent.get(key) : undefined;
      if (replay) {
        res.writeHead(replay.status, {
          "content-type": "application/json",
          etag: replay.etag,
          "idempotent-replayed": "true",
        });
        return res.end(replay.body);
      }
      if (!record) return send(res, 404, { error: "not found" });
      if (script?.kind === "precondition" || req.headers["if-match"] !== etagOf(record))
        return send(res, 412, { error: "precondition failed" }, etagOf(record));
      Object.assign(record.values, body);
      record.version += 1;
      appliedPatches.push({ path, key, body });
      const answer = JSON.stringify({ ...record.values, version: record.version });
      if (key) idempotent.set(key, { status: 200, etag: etagOf(record), body: answer });
      res.writeHead(200, { "content-type": "application/json", etag: etagOf(record) });
      return res.end(answer);
    }
    return send(res, 405, { error: "method not allowed" });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: "fake server error" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    records,
    appliedPatches,
    requests,
    put: (entity, id, values) => records.set(`${entity}s/${id}`, { version: 1, values: { ...values } }),
    get: (entity, id) => records.get(`${entity}s/${id}`),
    onNextPatch: (treatment, times = 1) =>
      patchScript.push(...Array.from({ length: times }, () => treatment)),
    onNextGet: (treatment, times = 1) => getScript.push(...Array.from({ length: times }, () => treatment)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, etag?: string) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", ...(etag ? { etag } : {}) });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
