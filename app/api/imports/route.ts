import { getServerAuthSession } from "@/server/auth/session";
import { uploadImport } from "@/server/channels/import/upload";
import { handleChannelRequest } from "@/server/channels/respond";
import { getDb } from "@/server/db";

/** An import's file, uploaded from the console for its dry run (server/channels/import/upload.ts). */
export async function POST(request: Request) {
  return handleChannelRequest(request, "api/imports", async () => {
    const session = await getServerAuthSession();
    return uploadImport({ db: getDb() }, { request, user: session?.user ?? null });
  });
}
