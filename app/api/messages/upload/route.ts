import { getServerAuthSession } from "@/server/auth/session";
import { getBoss } from "@/server/boss";
import { uploadEmail } from "@/server/channels/email/upload-email";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

/**
 * One `.eml` file uploaded in the console (`?filename=` names it), as its raw bytes with
 * `content-type: message/rfc822`, by someone allowed to import messages (checked here).
 */
export async function POST(request: Request) {
  const session = await getServerAuthSession();
  return uploadEmail(
    { db: getDb(), getBoss },
    { request, user: session?.user ?? null, maxBytes: env.CHANNEL_MAX_EMAIL_BYTES },
  );
}
