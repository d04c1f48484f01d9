import type { z } from "zod";

/**
 * The walls every inbound body passes before anything is stored: a size limit read off the stream
 * (not trusted from Content-Length), UTF-8 that decodes, and JSON with no NUL characters, no lone
 * surrogates and no nesting deeper than a fixed depth. Each refusal names its reason.
 */

export type Rejection = {
  status: 400 | 401 | 403 | 409 | 413 | 415 | 429;
  error: string;
  message: string;
  /** each problem of a body that does not fit its schema, where the channel lists them */
  issues?: { path: string; message: string }[];
};
export type Checked<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

export const maxJsonDepth = 32;

function reject(
  status: Rejection["status"],
  error: string,
  message: string,
): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { status, error, message } };
}

/** Reads the body up to `limitBytes`; one byte more and the read stops with 413. */
export async function readBodyWithin(request: Request, limitBytes: number): Promise<Checked<Buffer>> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const tooLarge = reject(
    413,
    "payload_too_large",
    `The body is larger than the ${limitBytes.toLocaleString("en")}-byte limit of this channel.`,
  );
  if (Number.isFinite(declared) && declared > limitBytes) return tooLarge;
  if (!request.body) return { ok: true, value: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, value: Buffer.concat(chunks) };
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string may not be stored, or null: a NUL character or a lone surrogate. */
export function unstorableString(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character";
  if (loneSurrogate.test(text)) return "contains a lone UTF-16 surrogate (not valid Unicode)";
  return null;
}

/** The first problem in a parsed JSON value (a bad string or key, or too deep), with its path. */
export function findUnstorable(value: unknown, path = "body", depth = 0): string | null {
  if (depth > maxJsonDepth) return `${path}: nested deeper than ${maxJsonDepth} levels`;
  if (typeof value === "string") {
    const problem = unstorableString(value);
    return problem ? `${path}: ${problem}` : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findUnstorable(item, `${path}[${index}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const key of Object.keys(value)) {
      const keyProblem = unstorableString(key);
      if (keyProblem) return `${path}: a key ${keyProblem}`;
      const problem = findUnstorable((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Decodes and parses a JSON body. `JSON.parse` makes `__proto__` an own key, never the prototype,
 * so such keys are kept as data; the checks above run on every key and string.
 */
function parseJsonBody(bytes: Buffer): Checked<unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return reject(400, "invalid_encoding", "The body is not valid UTF-8.");
  }
  if (text.trim() === "") return reject(400, "invalid_json", "The body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(
      400,
      "invalid_json",
      `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // checked before the depth could matter to anything recursive downstream
  const problem = findUnstorable(value);
  if (problem) return reject(400, "invalid_body", `The body cannot be stored: ${problem}.`);
  if (!value || typeof value !== "object" || Array.isArray(value))
    return reject(400, "invalid_json", "The body must be a JSON object.");
  return { ok: true, value };
}

/**
 * A JSON body read and checked against its schema (`what` names it in the reason: "message",
 * "event", "note"). A body that does not fit is a 400 with each problem, also as a list.
 */
export function parseJsonAs<T>(
  bytes: Buffer,
  schema: z.ZodType<T>,
  what: string,
): { ok: true; data: T; raw: unknown } | { ok: false; rejection: Rejection; issues?: Rejection["issues"] } {
  const json = parseJsonBody(bytes);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, data: parsed.data, raw: json.value };
  return {
    ok: false,
    rejection: {
      status: 400,
      error: "invalid_message",
      message: `The ${what} is not valid: ${describeIssues(parsed.error.issues)}`,
    },
    issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  };
}

/** A zod failure as one sentence with each problem's path. */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`).join("; ");
}
