import type { z } from "zod";
import type { ConnectorKind } from "@/contracts/connector-inputs";
import { mappableFields, saveConnectorInput, testConnectorInput } from "@/contracts/connector-inputs";
import type { RouterOutputs } from "@/components/trpc-types";

/** A store's connector as the admin page lists it. */
export type ConnectorView = RouterOutputs["connector"]["list"][number];

/** What the form holds: text as typed, so nothing is lost while it is not valid yet. */
export type FormValues = {
  kind: ConnectorKind;
  baseUrl: string;
  /** empty: keep the stored header */
  authHeader: string;
  removeAuthHeader: boolean;
  timeoutMs: string;
  enabled: boolean;
  /** catalog field key ("ticket.status") → remote name; empty: the same name */
  mapping: Record<string, string>;
};

/** Field errors by form field; mapping rows by their catalog key. */
export type FormErrors = Partial<Record<"kind" | "baseUrl" | "authHeader" | "timeoutMs", string>> & {
  mapping?: Record<string, string>;
};

export function initialValues(connector: ConnectorView): FormValues {
  return {
    kind: connector.kind,
    baseUrl: connector.baseUrl ?? "",
    authHeader: "",
    removeAuthHeader: false,
    timeoutMs: String(connector.timeoutMs),
    enabled: connector.enabled,
    mapping: Object.fromEntries(
      mappableFields(connector.store).map((f) => [f.key, connector.fieldMapping[f.entity]?.[f.field] ?? ""]),
    ),
  };
}

/** Omitted keeps the stored header, a line replaces it, null removes it (see saveConnectorInput). */
function authHeaderChoice(values: FormValues): string | null | undefined {
  if (values.removeAuthHeader) return null;
  return values.authHeader.trim() === "" ? undefined : values.authHeader;
}

function timeoutOf(values: FormValues): number | null {
  const text = values.timeoutMs.trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}

function collectErrors(issues: z.core.$ZodIssue[], errors: FormErrors = {}): FormErrors {
  for (const issue of issues) {
    const [first, entity, field] = issue.path;
    if (first === "fieldMapping" && typeof entity === "string" && typeof field === "string") {
      errors.mapping = { ...errors.mapping };
      errors.mapping[`${entity}.${field}`] ??= issue.message;
    } else if (first === "kind" || first === "baseUrl" || first === "authHeader" || first === "timeoutMs") {
      errors[first] ??= issue.message;
    }
  }
  return errors;
}

const timeoutError = "Enter a whole number of milliseconds";

/**
 * The input to save, or the errors to show, from the schema the server checks. Switching to built
 * in changes only the kind: the stored REST settings are sent back as they are, kept for later,
 * and whatever was typed in the hidden REST fields cannot block the switch.
 */
export function toSaveInput(connector: ConnectorView, values: FormValues) {
  const candidate =
    values.kind === "builtin"
      ? {
          store: connector.store,
          kind: "builtin" as const,
          baseUrl: connector.baseUrl,
          fieldMapping: connector.fieldMapping,
          timeoutMs: connector.timeoutMs,
          enabled: connector.enabled,
        }
      : {
          store: connector.store,
          kind: "rest" as const,
          baseUrl: values.baseUrl.trim() === "" ? null : values.baseUrl,
          authHeader: authHeaderChoice(values),
          timeoutMs: timeoutOf(values) ?? connector.timeoutMs,
          enabled: values.enabled,
          fieldMapping: fieldMappingOf(connector, values),
        };
  const parsed = saveConnectorInput.safeParse(candidate);
  const errors = parsed.success ? {} : collectErrors(parsed.error.issues);
  if (values.kind === "rest" && timeoutOf(values) === null) errors.timeoutMs = timeoutError;
  const valid = parsed.success && Object.keys(errors).length === 0;
  return valid ? { input: parsed.data, errors } : { input: null, errors };
}

/** The input for "Test connection": the form's URL, header and timeout, saved or not. */
export function toTestInput(connector: ConnectorView, values: FormValues) {
  const parsed = testConnectorInput.safeParse({
    store: connector.store,
    baseUrl: values.baseUrl,
    authHeader: authHeaderChoice(values),
    timeoutMs: timeoutOf(values) ?? connector.timeoutMs,
  });
  const errors = parsed.success ? {} : collectErrors(parsed.error.issues);
  if (timeoutOf(values) === null) errors.timeoutMs = timeoutError;
  const valid = parsed.success && Object.keys(errors).length === 0;
  return valid ? { input: parsed.data, errors } : { input: null, errors };
}

/** Only the rows with a remote name; an empty row means "the same name" and is left out. */
function fieldMappingOf(connector: ConnectorView, values: FormValues) {
  const mapping: Record<string, Record<string, string>> = {};
  for (const field of mappableFields(connector.store)) {
    const remote = values.mapping[field.key] ?? "";
    if (remote.trim() === "") continue;
    mapping[field.entity] = { ...mapping[field.entity], [field.field]: remote };
  }
  return mapping;
}
