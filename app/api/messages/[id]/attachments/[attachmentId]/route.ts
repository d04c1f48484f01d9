import { getServerAuthSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { downloadAttachment } from "@/server/messages/downloads";

/** An email's attachment, as a download for anyone who may read messages (checked here, per request). */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; attachmentId: string }> },
) {
  const { id, attachmentId } = await params;
  const session = await getServerAuthSession();
  return downloadAttachment(getDb(), { user: session?.user ?? null, messageId: id, attachmentId });
}
