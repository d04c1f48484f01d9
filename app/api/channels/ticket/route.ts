import { authenticateChannelKey, keySenderVerification } from "@/server/channels/api-key";
import { parseJsonAs, readBodyWithin } from "@/server/channels/inbound-body";
import { conversationThread, ingestMessage } from "@/server/channels/ingest";
import { acceptedMessage, handleChannelRequest } from "@/server/channels/respond";
import { ticketNoteEventSchema } from "@/contracts/message-input";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

/**
 * Notes from a helpdesk integration. The customer is the ticket's requester as the helpdesk
 * verified them; a note an agent wrote is recorded with its author and its changes always need a
 * second person. A re-posted note id answers as a duplicate.
 */
export async function POST(request: Request) {
  return handleChannelRequest(request, "api/channels/ticket", async ({ log }) => {
    const db = getDb();
    const auth = await authenticateChannelKey(db, request.headers, "ticket");
    if (!auth.ok) return auth.rejection;
    const body = await readBodyWithin(request, env.CHANNEL_MAX_JSON_BYTES);
    if (!body.ok) return body.rejection;
    const parsed = parseJsonAs(body.value, ticketNoteEventSchema, "note");
    if (!parsed.ok) return parsed.rejection;
    const note = parsed.data;
    const byAgent = note.author.kind === "agent";
    // recorded as `Name <email>`, and the email is what keeps the agent from approving the note
    // (server/review/decide.ts): a name with angle brackets of its own could name another address
    const agentName = note.author.name?.replace(/[<>]/g, "").trim();
    const agent = [agentName, note.author.email ? `<${note.author.email}>` : null].filter(Boolean).join(" ");
    const { message, created } = await ingestMessage(
      { db, boss: await getBoss() },
      {
        input: {
          channel: "ticket",
          sourceId: note.noteId,
          sender: note.requester.email,
          subject: note.ticket.subject ?? `Ticket ${note.ticket.number}`,
          text: note.text,
          ...(note.createdAt ? { receivedAt: note.createdAt } : {}),
          ...(byAgent
            ? {
                senderVerification: "staff_author" as const,
                senderVerificationReason: `agent note by ${agent || "an unnamed agent"}, posted by API key "${auth.key.name}"`,
                author: {
                  kind: "agent" as const,
                  ...(agent ? { name: agent } : {}),
                  ...(note.author.email ? { email: note.author.email } : {}),
                },
              }
            : keySenderVerification(auth.key)),
          ticketNumber: note.ticket.number,
          thread: conversationThread(`ticket:${note.ticket.number}`),
        },
        raw: parsed.raw,
        actor: auth.key.actor,
      },
    );
    log.info(
      { messageId: message.id, created, author: note.author.kind },
      created ? "ticket note received" : "duplicate ticket note ignored",
    );
    return acceptedMessage(message, created);
  });
}
