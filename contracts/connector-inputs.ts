import { z } from "zod";
import { fieldCatalog, storeNames, type FieldDefinition, type StoreName } from "./catalog";

// Plain zod and no server imports: the admin console validates its connector form with these same schemas.

export const connectorKinds = ["builtin", "rest"] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

export const storeLabels: Record<StoreName, string> = {
  crm: "CRM",
  ticketing: "Ticketing",
  commerce: "Commerce",
};

export const defaultTimeoutMs = 5000;
export const minimumTimeoutMs = 100;
export const maximumTimeoutMs = 60_000;

/** The catalog fields a store's connector can be asked to write: all its field mapping may name. */
export function mappableFields(store: StoreName): FieldDefinition[] {
  return fieldCatalog.filter((field) => field.store === store);
}

export const baseUrlInput = z
  .string()
  .trim()
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: "Enter an http:// or https:// URL, e.g. https://crm.example.com/api",
    }),
  )
  // the URL is shown in the console and written to the audit trail; the header is neither
  // (zod runs this even when the URL check failed: an unparsable URL is already reported there)
  .refine((url) => {
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "";
  }, "Put credentials in the auth header, not in the URL");

/** A full header line, e.g. "Authorization: Bearer abc". One line: no header can be smuggled in. */
export const authHeaderInput = z
  .string()
  .trim()
  .max(4000, "Use at most 4,000 characters")
  .regex(/^[A-Za-z0-9-]+:[ \t]*\S.*$/, "Write the header as `Name: value`, e.g. `Authorization: Bearer …`");

export const timeoutInput = z
  .number()
  .int("Use a whole number of milliseconds")
  .min(minimumTimeoutMs, `Use ${minimumTimeoutMs} to ${maximumTimeoutMs} ms`)
  .max(maximumTimeoutMs, `Use ${minimumTimeoutMs} to ${maximumTimeoutMs} ms`);

/** Per entity, catalog field → the remote system's name for it: `{ contact: { phone: "mobile_phone" } }`. */
export const fieldMappingInput = z.record(
  z.string(),
  z.record(
    z.string(),
    z
      .string()
      .trim()
      .min(1, "Enter the remote field name, or leave the field out to use the same name")
      .max(200, "Use at most 200 characters"),
  ),
);
export type FieldMapping = z.infer<typeof fieldMappingInput>;

type ConnectorShape = {
  store: StoreName;
  kind: ConnectorKind;
  baseUrl: string | null;
  fieldMapping: FieldMapping;
};

/** Rules that need more than one field: a REST store needs a URL, a mapping names only the store's fields. */
function checkConnector(value: ConnectorShape, ctx: z.RefinementCtx) {
  if (value.kind === "rest" && !value.baseUrl) {
    ctx.addIssue({
      code: "custom",
      path: ["baseUrl"],
      message: "A REST connector needs a base URL, e.g. https://crm.example.com/api",
    });
  }
  const fields = mappableFields(value.store);
  for (const [entity, mapping] of Object.entries(value.fieldMapping)) {
    for (const field of Object.keys(mapping)) {
      if (fields.some((f) => f.entity === entity && f.field === field)) continue;
      ctx.addIssue({
        code: "custom",
        path: ["fieldMapping", entity, field],
        message: `${entity}.${field} is not a field of the ${value.store} store; it can map ${fields.map((f) => f.key).join(", ")}`,
      });
    }
  }
}

const connectorFields = {
  store: z.enum(storeNames),
  kind: z.enum(connectorKinds),
  baseUrl: baseUrlInput.nullable().default(null),
  fieldMapping: fieldMappingInput.default({}),
  timeoutMs: timeoutInput.default(defaultTimeoutMs),
  enabled: z.boolean().default(true),
};

/** A store's whole configuration, as stored (tests and the harness write it with upsertConnectorConfig). */
export const connectorConfigInput = z
  .object({ ...connectorFields, authHeader: authHeaderInput.nullable().default(null) })
  .superRefine(checkConnector);

/**
 * What the console saves. The auth header is never sent back to the browser, so the form says what
 * to do with it: leave it out to keep the stored one, send a new line to replace it, null to remove it.
 */
export const saveConnectorInput = z
  .object({ ...connectorFields, authHeader: authHeaderInput.nullable().optional() })
  .superRefine(checkConnector);
export type SaveConnectorInput = z.infer<typeof saveConnectorInput>;

/** "Test connection" reads with the form's settings, saved or not; the auth header as in saveConnectorInput. */
export const testConnectorInput = z.object({
  store: z.enum(storeNames),
  baseUrl: baseUrlInput,
  authHeader: authHeaderInput.nullable().optional(),
  timeoutMs: timeoutInput.default(defaultTimeoutMs),
});
