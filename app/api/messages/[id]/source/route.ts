import { getServerAuthSession } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { downloadMessageSource } from "@/server/messages/downloads";

/** An email's raw source as it arrived, as an `.eml` download for anyone who may read messages. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await getServerAuthSession();
  return downloadMessageSource(getDb(), { user: session?.user ?? null, messageId: id });
}
