import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/config";
import { guardCredentialsSignIn, refuseUnsafeCallback } from "@/server/auth/sign-in-route";

const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;

/**
 * next-auth, with the credentials sign-in guarded first: a body it cannot read is a 400 with the
 * reason, and every attempt is counted per account and per client address before the password is
 * checked; over the limit it is a 429 with Retry-After (server/auth/sign-in-limits.ts).
 */
async function POST(request: Request, context: unknown) {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handler(request, context);
  const guarded = await guardCredentialsSignIn(request);
  if (guarded.response) return guarded.response;
  const response = await handler(guarded.request, context);
  await guarded.settle(response);
  return response;
}

/** A callbackUrl with a control character is refused here: next-auth would fail setting its cookie. */
async function GET(request: Request, context: unknown) {
  return refuseUnsafeCallback(request) ?? handler(request, context);
}

export { GET, POST };
