import { importFields, type ImportField, type ImportMapping } from "@/contracts/import-inputs";

/**
 * The names helpdesk and CRM exports give each field, compared without case, spaces or
 * punctuation ("Received At", "received_at" and "receivedAt" are one name). Earlier names win.
 */
const namesOf: Record<ImportField, readonly string[]> = {
  rowId: [
    "rowid",
    "id",
    "messageid",
    "sourceid",
    "externalid",
    "uid",
    "uuid",
    "key",
    "ticketcommentid",
    "commentid",
  ],
  sender: [
    "from",
    "email",
    "sender",
    "senderemail",
    "fromemail",
    "fromaddress",
    "emailaddress",
    "customeremail",
    "requesteremail",
    "requester",
    "author",
    "authoremail",
    "phone",
    "senderphone",
  ],
  name: [
    "name",
    "fromname",
    "sendername",
    "customername",
    "requestername",
    "authorname",
    "fullname",
    "contactname",
  ],
  subject: ["subject", "title", "topic", "summary"],
  text: ["text", "body", "message", "content", "messagebody", "plaintext", "comment", "description", "note"],
  receivedAt: [
    "receivedat",
    "received",
    "date",
    "datetime",
    "createdat",
    "created",
    "sentat",
    "sent",
    "timestamp",
    "time",
  ],
};

/** Columns that name where a message came from: recognised so the preview can say they are ignored. */
const channelHints = ["channel", "source", "via", "medium", "origin"];

const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The mapping a file's columns suggest, and the channel-hint columns that are never read. */
export function detectMapping(headers: readonly string[]): { mapping: ImportMapping; ignored: string[] } {
  const normalized = headers.map((header) => ({ header, key: normalize(header) }));
  const taken = new Set<string>();
  const mapping = Object.fromEntries(importFields.map((field) => [field, null])) as ImportMapping;
  for (const field of importFields) {
    for (const name of namesOf[field]) {
      const match = normalized.find(({ header, key }) => key === name && !taken.has(header));
      if (match) {
        mapping[field] = match.header;
        taken.add(match.header);
        break;
      }
    }
  }
  const ignored = normalized
    .filter(({ header, key }) => !taken.has(header) && channelHints.includes(key))
    .map(({ header }) => header);
  return { mapping, ignored };
}
