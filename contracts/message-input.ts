import { z } from "zod";

/** `note` is a staff note written in the console; `ticket` a note a helpdesk integration posts. */
export const channels = ["email", "chat", "ticket", "api", "import", "note"] as const;
export type Channel = (typeof channels)[number];

/**
 * How the sender of a message was verified. The policy reads it: only a verified customer sender
 * can lead to an automatic change, and a staff author's change always needs a second person.
 */
export const senderVerifications = [
  /** the receiving mail server's Authentication-Results: DKIM, SPF or DMARC pass for the From domain */
  "email_authenticated",
  /** read from an IMAP mailbox an admin marked as trusted */
  "trusted_mailbox",
  /** a chat platform user, on a request signed with the channel's secret */
  "signed_chat_user",
  /** posted with an API key an admin trusts to assert senders */
  "trusted_api_key",
  /** written by an agent (in the console, or on a helpdesk ticket) */
  "staff_author",
  "unverified",
] as const;
export type SenderVerification = (typeof senderVerifications)[number];

/** The channels an API key can be allowed to post to (chat is signed with its own secret instead). */
export const keyChannels = ["api", "email", "ticket"] as const;
export type KeyChannel = (typeof keyChannels)[number];

export const authorKinds = ["customer", "agent"] as const;
export type AuthorKind = (typeof authorKinds)[number];

export function isVerifiedCustomerSender(verification: SenderVerification): boolean {
  return verification !== "unverified" && verification !== "staff_author";
}

const earliestReceivedAt = new Date("2000-01-01T00:00:00Z");

/** A received time is sane when it is after 2000 and at most a day ahead of this clock. */
export const receivedAtSchema = z.coerce
  .date({ error: "receivedAt is not a date" })
  .refine((date) => !Number.isNaN(date.getTime()), "receivedAt is not a date")
  .refine(
    (date) => date >= earliestReceivedAt && date.getTime() <= Date.now() + 24 * 3600_000,
    "receivedAt must lie between 2000-01-01 and a day from now",
  );

const sourceIdSchema = z
  .string()
  .trim()
  .min(1, "sourceId is required: the id of the message in the system it came from")
  .max(512);
const senderSchema = z
  .string()
  .trim()
  .min(3, "sender is required: the verified email address or phone number of the customer")
  .max(320);
const textSchema = z
  .string()
  .min(1, "text is required")
  .max(100_000, "text is longer than 100,000 characters");

/**
 * The canonical inbound message every channel adapter produces. The adapter, never the body,
 * sets the channel and how the sender was verified.
 */
export const messageInputSchema = z.object({
  channel: z.enum(channels),
  sourceId: sourceIdSchema,
  sender: senderSchema,
  subject: z.string().max(998).optional(),
  text: textSchema,
  html: z.string().max(500_000).optional(),
  receivedAt: receivedAtSchema.optional(),
  senderVerification: z.enum(senderVerifications),
  /** why the sender counts as verified, or why not, in words a reviewer reads */
  senderVerificationReason: z.string().max(500),
  author: z
    .object({
      kind: z.enum(authorKinds),
      /** a Changedesk user, for a note written in the console */
      userId: z.string().uuid().optional(),
      /** the agent as the helpdesk names them, `Name <email>` */
      name: z.string().max(320).optional(),
      /** the agent's email: the author who may not approve the note's changes */
      email: z.string().max(320).optional(),
    })
    .optional(),
  /** email threading: this message's `Message-ID`, and the ones it answers */
  thread: z
    .object({
      messageId: z.string().max(998).optional(),
      inReplyTo: z.string().max(998).optional(),
      references: z.array(z.string().max(998)).max(100).optional(),
    })
    .optional(),
  /** the ticket a note was written on: a change to "the ticket" means this one */
  ticketNumber: z.number().int().positive().optional(),
});
export type MessageInput = z.infer<typeof messageInputSchema>;

/** Free-form data from the sending system, kept with the raw payload and never read. */
const metadataSchema = z.record(z.string(), z.unknown()).optional();

/**
 * The body of `POST /api/channels/api/messages`. Strict: the endpoint chooses the channel and the
 * key decides how far the sender is trusted, so a body naming either is refused.
 */
export const apiMessageBodySchema = z.strictObject({
  sourceId: sourceIdSchema,
  sender: senderSchema,
  subject: z.string().max(998).optional(),
  text: textSchema,
  html: z.string().max(500_000).optional(),
  receivedAt: receivedAtSchema.optional(),
  metadata: metadataSchema,
});

/** `POST /api/channels/chat`: one message event from a chat platform, signed by it. */
export const chatEventSchema = z.strictObject({
  /** the platform's event id: a replay of it creates nothing */
  eventId: z.string().trim().min(1, "eventId is required").max(256),
  /** the platform's user id: the verified identity the customer is resolved from */
  userId: z.string().trim().min(1, "userId is required").max(256),
  userName: z.string().max(320).optional(),
  conversationId: z.string().max(256).optional(),
  text: textSchema,
  sentAt: receivedAtSchema.optional(),
  metadata: metadataSchema,
});

/** `POST /api/channels/ticket`: a note on a helpdesk ticket, from the customer or from an agent. */
export const ticketNoteEventSchema = z.strictObject({
  /** the helpdesk's id of the note: re-posting it creates nothing */
  noteId: z.string().trim().min(1, "noteId is required").max(256),
  ticket: z.strictObject({
    number: z.number().int().positive(),
    subject: z.string().max(998).optional(),
  }),
  /** the ticket's requester, as the helpdesk verified them: the customer the note is about */
  requester: z.strictObject({ email: z.string().trim().email("requester.email is not an email address") }),
  author: z.strictObject({
    kind: z.enum(authorKinds),
    email: z.string().trim().email("author.email is not an email address").optional(),
    name: z.string().max(320).optional(),
  }),
  text: textSchema,
  createdAt: receivedAtSchema.optional(),
  metadata: metadataSchema,
});

/** A staff note written in the console, on a customer or on one of their tickets. */
export const staffNoteInputSchema = z.object({
  /** made by the console when the note is opened: a double submit stores one note */
  noteId: z.string().uuid(),
  contactId: z.string().uuid(),
  ticketNumber: z.number().int().positive().optional(),
  text: z.string().trim().min(1, "The note is empty").max(20_000),
});
export type StaffNoteInput = z.infer<typeof staffNoteInputSchema>;
