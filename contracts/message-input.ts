import { z } from "zod";

export const channels = ["email", "chat", "ticket", "api", "import"] as const;

/** The canonical inbound message every channel adapter produces. */
export const messageInputSchema = z.object({
  channel: z.enum(channels).default("api"),
  sourceId: z
    .string()
    .trim()
    .min(1, "sourceId is required: the id of the message in the system it came from")
    .max(512),
  sender: z
    .string()
    .trim()
    .min(3, "sender is required: the verified email address or phone number of the customer")
    .max(320),
  subject: z.string().max(998).optional(),
  text: z.string().min(1, "text is required").max(100_000, "text is longer than 100,000 characters"),
  html: z.string().max(500_000).optional(),
  receivedAt: z.coerce.date().optional(),
});
export type MessageInput = z.infer<typeof messageInputSchema>;
