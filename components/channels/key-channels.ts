import type { KeyChannel } from "@/contracts/message-input";

/**
 * The channels an API key may be allowed to post to, as the console names them, with the endpoint
 * each one is (the Users page's key dialog and the Channels page both show them).
 */
export const keyChannelInfo: Record<KeyChannel, { label: string; path: string; what: string }> = {
  api: { label: "API", path: "/api/channels/api/messages", what: "JSON messages from any system" },
  email: { label: "Email", path: "/api/channels/email", what: "Raw emails posted by a mail relay" },
  ticket: { label: "Ticket", path: "/api/channels/ticket", what: "Notes from a helpdesk" },
};
