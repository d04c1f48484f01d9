import type { Tx } from "@/db/client";
import { getMessageForUpdate } from "@/db/queries/messages";
import type { MessageStatus } from "@/contracts/statuses";
import { AppError } from "../errors";

/**
 * The message a person acts on, locked, and still in the state they saw: a stale page or a
 * second person gets a clear conflict instead of acting on something that moved on.
 */
export async function lockMessageInState(
  tx: Tx,
  params: { messageId: string; expectedStatus: MessageStatus; requiredStatus: MessageStatus; action: string },
) {
  const message = await getMessageForUpdate(tx, params.messageId);
  if (!message) throw new AppError("NOT_FOUND", "This message does not exist");
  if (message.status !== params.expectedStatus) {
    throw new AppError(
      "CONFLICT",
      `This message is ${message.status.replace(/_/g, " ")} now; reload to see what changed`,
      { status: message.status },
      { kind: "stale_version" },
    );
  }
  if (message.status !== params.requiredStatus) {
    throw new AppError("CONFLICT", params.action, undefined, { kind: "already_decided" });
  }
  return message;
}
