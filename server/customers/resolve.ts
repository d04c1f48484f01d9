import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { DbOrTx } from "@/db/client";
import { listContactsByIdentity } from "@/db/queries/channels";
import { listContactsByEmail, listContactsByPhone } from "@/db/queries/records";

export type CustomerResolution =
  | {
      contactId: string;
      confidence: number;
      method: "sender_email" | "sender_phone" | "sender_chat_user" | "linked_by_person";
    }
  | { contactId: null; confidence: 0; method: "unknown_sender" | "ambiguous_sender" };

/** A chat message's sender is `chat:<platform user id>`. */
export const chatSenderPrefix = "chat:";

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** "Ana Silva <ana@example.com>" → "ana@example.com" */
export function senderAddress(sender: string): string {
  const angle = /<([^>]+)>/.exec(sender);
  return (angle?.[1] ?? sender).trim().toLowerCase();
}

/** What a message says about who sent it: its sender, and the customer a person linked it to. */
export type SenderIdentity = {
  sender: string;
  contactId?: string | null;
  resolutionMethod?: string | null;
};

/**
 * The customer a message is about. A person's link of an unmatched message wins (they read it and
 * chose; confidence 1), otherwise the verified sender decides.
 */
export async function resolveMessageCustomer(
  db: DbOrTx,
  message: SenderIdentity,
): Promise<CustomerResolution> {
  if (message.resolutionMethod === "linked_by_person" && message.contactId)
    return { contactId: message.contactId, confidence: 1, method: "linked_by_person" };
  return resolveCustomer(db, message.sender);
}

/**
 * Resolves the customer from the verified sender identity only (the channel's From address,
 * chat user or caller id). Claims inside the text never choose the record to change.
 */
export async function resolveCustomer(db: DbOrTx, sender: string): Promise<CustomerResolution> {
  // a chat platform's user id, as the signed webhook vouched for it (app/api/channels/chat/route.ts)
  if (sender.startsWith(chatSenderPrefix)) {
    const matches = await listContactsByIdentity(db, {
      kind: "chat",
      value: sender.slice(chatSenderPrefix.length),
    });
    if (matches.length === 1 && matches[0])
      return { contactId: matches[0].contactId, confidence: 0.99, method: "sender_chat_user" };
    return { contactId: null, confidence: 0, method: "unknown_sender" };
  }
  const address = senderAddress(sender);
  if (emailPattern.test(address)) {
    const matches = await listContactsByEmail(db, address);
    if (matches.length === 1 && matches[0])
      return { contactId: matches[0].id, confidence: 0.99, method: "sender_email" };
    return {
      contactId: null,
      confidence: 0,
      method: matches.length > 1 ? "ambiguous_sender" : "unknown_sender",
    };
  }
  const phone = parsePhoneNumberFromString(address, "US");
  if (phone?.isValid()) {
    const matches = await listContactsByPhone(db, phone.number);
    // a phone number is shared more often than an address (households, desks): slightly less sure
    if (matches.length === 1 && matches[0])
      return { contactId: matches[0].id, confidence: 0.95, method: "sender_phone" };
    return {
      contactId: null,
      confidence: 0,
      method: matches.length > 1 ? "ambiguous_sender" : "unknown_sender",
    };
  }
  return { contactId: null, confidence: 0, method: "unknown_sender" };
}
