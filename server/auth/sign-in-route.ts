import { NextRequest } from "next/server";
import { getDb } from "../db";
import { logger } from "../observability/logger";
import { credentialsSchema } from "./config";
import { admitSignInAttempt, recordSignInSuccess } from "./sign-in-limits";

const controlCharacter = /[\u0000-\u001f\u007f]/;

/**
 * The client address as the web server saw it: the first `x-forwarded-for` hop (Next sets it from
 * the socket when no proxy did). A direct client can write that header itself, so the address
 * limit is a second line; the account limit and the hashing limit hold whatever it says.
 */
function clientAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded && forwarded.length <= 64 ? forwarded : null;
}

function refuse(
  request: Request,
  status: 400 | 429,
  error: string,
  message: string,
  retryAfterSeconds?: number,
) {
  return Response.json(
    // next-auth's client reads the error parameter of an absolute `url`; people read `message`
    { error, message, url: `${new URL(request.url).origin}/sign-in?error=${error}` },
    { status, headers: retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {} },
  );
}

const invalid = (request: Request, message: string) => ({
  response: refuse(request, 400, "invalid_request", message),
});

/** next-auth's own pages with a callbackUrl it would fail to put in its cookie: a 400 instead. */
export function refuseUnsafeCallback(request: Request): Response | null {
  const callbackUrl = new URL(request.url).searchParams.get("callbackUrl");
  return callbackUrl && controlCharacter.test(callbackUrl)
    ? Response.json(
        { error: "invalid_request", message: "callbackUrl contains a control character." },
        { status: 400 },
      )
    : null;
}

/**
 * Reads the credentials sign-in body once, refusing what next-auth would choke on, and admits the
 * attempt through the limits. The request handed on carries the same body.
 */
export async function guardCredentialsSignIn(
  request: Request,
): Promise<
  | { response: Response; request?: never; settle?: never }
  | { response?: never; request: Request; settle: (response: Response) => Promise<void> }
> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    return invalid(request, "Send the sign-in form as application/x-www-form-urlencoded.");
  let body: string;
  try {
    body = await request.text();
  } catch {
    return invalid(request, "The sign-in form could not be read.");
  }
  if (body.length > 8192) return invalid(request, "The sign-in form is too large.");
  const form = new URLSearchParams(body);
  const parsed = credentialsSchema.safeParse({
    email: form.get("email") ?? "",
    password: form.get("password") ?? "",
  });
  if (!parsed.success) return invalid(request, parsed.error.issues.map((issue) => issue.message).join("; "));
  const callbackUrl = form.get("callbackUrl");
  if (callbackUrl && controlCharacter.test(callbackUrl)) form.delete("callbackUrl");
  const address = clientAddress(request.headers);
  const db = getDb();
  const verdict = await admitSignInAttempt(db, { email: parsed.data.email, address });
  if (!verdict.allowed) {
    logger.warn({ email: parsed.data.email, address }, "sign-in throttled");
    return { response: refuse(request, 429, "too_many_attempts", verdict.reason, verdict.retryAfterSeconds) };
  }
  // next-auth reads `nextUrl`, and the body was re-encoded: a NextRequest without the old length
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  const forwarded = new NextRequest(request.url, { method: "POST", headers, body: form.toString() });
  return {
    request: forwarded,
    settle: async (response) => {
      // next-auth answers 200 {url} to its client, or a redirect to a form post; a failure is a
      // 401, or a redirect carrying `error=`
      const location = response.headers.get("location") ?? "";
      if (response.status < 400 && !location.includes("error="))
        await recordSignInSuccess(db, { email: parsed.data.email, address });
    },
  };
}
