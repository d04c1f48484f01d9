import { z } from "zod";

// Plain zod and no server imports: the admin console validates its mailbox form with these same schemas.

/** What the poller does to a message once it is stored: flag it in place, or move it to a folder. */
export const processedActions = ["flag", "move"] as const;
export type ProcessedAction = (typeof processedActions)[number];

/**
 * The IMAP keyword a stored message carries (with `\Seen`). A poll that lost its cursor skips
 * messages with it, after checking they are stored, instead of downloading them again.
 */
export const processedKeyword = "$Changedesk";

export const defaultImapPort = { secure: 993, plain: 143 } as const;

const hostPattern =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const ipv6Pattern = /^[0-9A-Fa-f:.]+$/;

export const mailboxHostInput = z
  .string()
  .trim()
  .min(1, "Enter the IMAP server's host name, e.g. imap.example.com")
  .max(253, "Use at most 253 characters")
  .refine(
    (host) => hostPattern.test(host) || (host.includes(":") && ipv6Pattern.test(host)),
    "Enter a host name or IP address only, e.g. imap.example.com (no imap://, no port)",
  );

export const mailboxPortInput = z
  .number({ error: "Enter a port number, e.g. 993" })
  .int("Enter a whole port number, e.g. 993")
  .min(1, "Use a port from 1 to 65535")
  .max(65_535, "Use a port from 1 to 65535");

export const mailboxPasswordInput = z
  .string()
  .min(1, "Enter the password")
  .max(1000, "Use at most 1,000 characters");

const folderInput = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .max(200, "Use at most 200 characters")
    .refine((name) => !/[\r\n\0]/.test(name), "A folder name is one line");

const mailboxFields = {
  name: z.string().trim().min(1, "Enter a name, e.g. Support inbox").max(100, "Use at most 100 characters"),
  host: mailboxHostInput,
  port: mailboxPortInput,
  /** TLS from the first byte (port 993); off means plain IMAP, upgraded with STARTTLS when offered */
  secure: z.boolean(),
  username: z.string().trim().min(1, "Enter the username").max(320, "Use at most 320 characters"),
  mailbox: folderInput("the folder to read, e.g. INBOX"),
  processedAction: z.enum(processedActions),
  processedMailbox: folderInput("the folder to move processed mail to, e.g. Processed")
    .nullable()
    .default(null),
  /** mail read here counts as a verified sender: only for a mailbox whose filtering the admin vouches for */
  trusted: z.boolean(),
  enabled: z.boolean(),
};

type MailboxShape = {
  mailbox: string;
  processedAction: ProcessedAction;
  processedMailbox: string | null;
};

/** IMAP treats INBOX case-insensitively, every other name as written. */
export function sameFolder(a: string, b: string): boolean {
  return a.toUpperCase() === "INBOX" ? b.toUpperCase() === "INBOX" : a === b;
}

function checkProcessedFolder(value: MailboxShape, ctx: z.RefinementCtx) {
  if (value.processedAction !== "move") return;
  if (!value.processedMailbox) {
    ctx.addIssue({
      code: "custom",
      path: ["processedMailbox"],
      message: "Name the folder to move processed mail to, e.g. Processed",
    });
  } else if (sameFolder(value.mailbox, value.processedMailbox)) {
    ctx.addIssue({
      code: "custom",
      path: ["processedMailbox"],
      message: "Choose a folder other than the one that is read",
    });
  }
}

/**
 * What the console saves: without `id` a new mailbox, with it an edit. The password is never sent
 * back to the browser, so an edit leaves it out to keep the stored one; a new mailbox needs one.
 */
export const saveMailboxInput = z
  .object({
    id: z.uuid().optional(),
    ...mailboxFields,
    password: mailboxPasswordInput.optional(),
  })
  .superRefine((value, ctx) => {
    checkProcessedFolder(value, ctx);
    if (!value.id && value.password === undefined)
      ctx.addIssue({ code: "custom", path: ["password"], message: "Enter the password" });
  });
export type SaveMailboxInput = z.infer<typeof saveMailboxInput>;

/** "Test connection": sign in and open the folder with the form's settings, saved or not. */
export const testMailboxInput = z
  .object({
    /** a saved mailbox whose stored password is used when the form leaves it out */
    id: z.uuid().optional(),
    host: mailboxHostInput,
    port: mailboxPortInput,
    secure: z.boolean(),
    username: mailboxFields.username,
    password: mailboxPasswordInput.optional(),
    mailbox: mailboxFields.mailbox,
  })
  .superRefine((value, ctx) => {
    if (!value.id && value.password === undefined)
      ctx.addIssue({ code: "custom", path: ["password"], message: "Enter the password" });
  });
export type TestMailboxInput = z.infer<typeof testMailboxInput>;

export const setMailboxEnabledInput = z.object({ id: z.uuid(), enabled: z.boolean() });
export const pollMailboxInput = z.object({ id: z.uuid() });
