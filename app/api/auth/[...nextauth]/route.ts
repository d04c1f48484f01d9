import NextAuth from "next-auth";
import { credentialsSchema, authOptions } from "@/server/auth/config";
import { clientAddress, guardCredentialsSignIn } from "@/server/auth/sign-in-route";

const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;

/**
 * next-auth, with the credentials sign-in guarded first: a body it cannot read is a 400 with the
 * reason, and every attempt is counted per account and per client address before the password is
 * checked; over the limit it is a 429 with Retry-After (server/auth/sign-in-limits.ts).
 */
async function POST(request: Request, context: unknown) {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handler(request, context);
  const guarded = await guardCredentialsSignIn(request, credentialsSchema, clientAddress(request.headers));
  if (guarded.response) return guarded.response;
  const response = await handler(guarded.request, context);
  await guarded.settle(response);
  return response;
}

/** A callbackUrl with a control character is refused here: next-auth would fail setting its cookie. */
async function GET(request: Request, context: unknown) {
  const callbackUrl = new URL(request.url).searchParams.get("callbackUrl");
  if (callbackUrl && /[\u0000-\u001f\u007f]/.test(callbackUrl))
    return Response.json(
      { error: "invalid_request", message: "callbackUrl contains a control character." },
      { status: 400 },
    );
  return handler(request, context);
}

export { GET, POST };
