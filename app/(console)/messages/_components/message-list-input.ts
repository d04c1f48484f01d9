import { messageStatuses, type MessageStatus } from "@/contracts/statuses";

/** The statuses the messages page filters by, in the order its filter shows them. */
export const messageFilters = [
  { status: undefined, label: "All" },
  { status: "needs_information", label: "Needs information" },
  { status: "unmatched", label: "Unmatched" },
  { status: "proposed", label: "Proposed" },
  { status: "answered", label: "Answered" },
  { status: "no_change", label: "No change" },
  { status: "failed", label: "Failed" },
] as const satisfies readonly { status: MessageStatus | undefined; label: string }[];

/** `?status=` from the URL, when it names a message status. */
export function parseMessageStatus(value: string | string[] | undefined): MessageStatus | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return messageStatuses.find((status) => status === raw);
}

/** Shared by the page's server prefetch and the client list: the query keys must match. */
export function messageListInput(status: MessageStatus | undefined) {
  return status ? { limit: 100, status } : { limit: 100 };
}
