import type { z } from "zod";
import type { RouterOutputs } from "@/components/trpc-types";
import {
  defaultImapPort,
  saveMailboxInput,
  testMailboxInput,
  type ProcessedAction,
} from "@/contracts/mailbox-inputs";

/** A mailbox as the Mailboxes page lists it: never its password, only whether one is stored. */
export type MailboxView = RouterOutputs["mailbox"]["list"]["mailboxes"][number];

/** What the form holds: text as typed, so nothing is lost while it is not valid yet. */
export type FormValues = {
  name: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  /** empty on an edit: keep the stored password */
  password: string;
  mailbox: string;
  processedAction: ProcessedAction;
  processedMailbox: string;
  trusted: boolean;
  enabled: boolean;
};

export type FormField = keyof FormValues;
export type FormErrors = Partial<Record<FormField, string>>;

export function initialValues(mailbox: MailboxView | undefined): FormValues {
  if (!mailbox)
    return {
      name: "",
      host: "",
      port: String(defaultImapPort.secure),
      secure: true,
      username: "",
      password: "",
      mailbox: "INBOX",
      processedAction: "flag",
      processedMailbox: "",
      trusted: false,
      enabled: true,
    };
  return {
    name: mailbox.name,
    host: mailbox.host,
    port: String(mailbox.port),
    secure: mailbox.secure,
    username: mailbox.username,
    password: "",
    mailbox: mailbox.mailbox,
    processedAction: mailbox.processedAction,
    processedMailbox: mailbox.processedMailbox ?? "",
    trusted: mailbox.trusted,
    enabled: mailbox.enabled,
  };
}

/** A port as typed: a whole number, or nothing for the schema to refuse with its own words. */
function portOf(text: string): number | undefined {
  return /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Left empty, the password is left out: a new mailbox is refused without one, an edit keeps the stored one. */
function passwordOf(values: FormValues): string | undefined {
  return values.password === "" ? undefined : values.password;
}

const fields = new Set<string>([
  "name",
  "host",
  "port",
  "secure",
  "username",
  "password",
  "mailbox",
  "processedAction",
  "processedMailbox",
  "trusted",
  "enabled",
]);

function errorsOf(issues: z.core.$ZodIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === "string" && fields.has(field)) errors[field as FormField] ??= issue.message;
  }
  return errors;
}

/** The input to save, or the errors to show, from the schema the server checks. */
export function toSaveInput(mailbox: MailboxView | undefined, values: FormValues) {
  const parsed = saveMailboxInput.safeParse({
    id: mailbox?.id,
    name: values.name,
    host: values.host,
    port: portOf(values.port),
    secure: values.secure,
    username: values.username,
    password: passwordOf(values),
    mailbox: values.mailbox,
    processedAction: values.processedAction,
    processedMailbox:
      values.processedAction === "move" && values.processedMailbox.trim() !== ""
        ? values.processedMailbox
        : null,
    trusted: values.trusted,
    enabled: values.enabled,
  });
  return parsed.success
    ? { input: parsed.data, errors: {} }
    : { input: null, errors: errorsOf(parsed.error.issues) };
}

/** The input for "Test connection": the form's server, account and folder, saved or not. */
export function toTestInput(mailbox: MailboxView | undefined, values: FormValues) {
  const parsed = testMailboxInput.safeParse({
    id: mailbox?.id,
    host: values.host,
    port: portOf(values.port),
    secure: values.secure,
    username: values.username,
    password: passwordOf(values),
    mailbox: values.mailbox,
  });
  return parsed.success
    ? { input: parsed.data, errors: {} }
    : { input: null, errors: errorsOf(parsed.error.issues) };
}
