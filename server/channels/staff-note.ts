import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { getContactById, getTicketOfContact } from "@/db/queries/records";
import { getUserById } from "@/db/queries/users";
import type { StaffNoteInput } from "@/contracts/message-input";
import type { Actor } from "../audit/append";
import { AppError } from "../errors";
import { conversationThread, ingestMessage } from "./ingest";

/**
 * A note a person writes in the console, on a customer or on one of their tickets, as themselves.
 * It goes through the pipeline like any message, but its author is recorded and its changes always
 * need a second person: nobody approves their own words by typing them in.
 */
export async function addStaffNote(
  deps: { db: Db; boss: PgBoss },
  params: { input: StaffNoteInput; actor: Extract<Actor, { type: "user" }> },
) {
  const { input, actor } = params;
  const contact = await getContactById(deps.db, input.contactId);
  if (!contact) throw new AppError("NOT_FOUND", "That customer does not exist.");
  if (!contact.email)
    throw new AppError("BAD_REQUEST", "This customer has no email address to write a note for.");
  if (
    input.ticketNumber !== undefined &&
    !(await getTicketOfContact(deps.db, contact.id, input.ticketNumber))
  )
    throw new AppError("BAD_REQUEST", `Ticket ${input.ticketNumber} is not this customer's.`);
  const author = await getUserById(deps.db, actor.id);
  if (!author) throw new AppError("FORBIDDEN", "Your account no longer exists.");
  const { message, created } = await ingestMessage(deps, {
    input: {
      channel: "note",
      sourceId: input.noteId,
      sender: contact.email,
      subject: input.ticketNumber ? `Note on ticket ${input.ticketNumber}` : `Note on ${contact.name}`,
      text: input.text,
      senderVerification: "staff_author",
      senderVerificationReason: `written in the console by ${author.name}`,
      author: {
        kind: "agent",
        userId: author.id,
        name: `${author.name} <${author.email}>`,
        email: author.email,
      },
      ...(input.ticketNumber
        ? { ticketNumber: input.ticketNumber, thread: conversationThread(`ticket:${input.ticketNumber}`) }
        : {}),
    },
    raw: { note: input.text, contactId: contact.id, ticketNumber: input.ticketNumber ?? null },
    actor,
  });
  if (!created && message.authorUserId !== actor.id)
    throw new AppError("CONFLICT", "A different note with this id exists.");
  return { id: message.id, created, status: message.status };
}
