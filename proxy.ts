import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import {
  contentSecurityPolicy,
  createNonce,
  strictTransportSecurity,
} from "@/server/security/content-security-policy";
import { checkSameOrigin } from "@/server/security/same-origin";

/** Channel endpoints are called by relays and platforms with a key or a signature, never a cookie. */
const machineEndpoints = "/api/channels/";

function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/**
 * Every request: a fresh CSP nonce (Next reads it from the request's policy header and puts it on
 * the scripts it renders), HSTS over https, and cross-site state changes refused before they reach
 * a procedure or route handler.
 */
export function proxy(request: NextRequest) {
  if (!request.nextUrl.pathname.startsWith(machineEndpoints)) {
    const verdict = checkSameOrigin(request, env.NEXTAUTH_URL);
    if (!verdict.allowed) {
      return NextResponse.json({ error: "FORBIDDEN", message: verdict.reason }, { status: 403 });
    }
  }
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { development: env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (isHttps(request)) response.headers.set("strict-transport-security", strictTransportSecurity);
  return response;
}

export const config = {
  // static assets carry no script of ours to allow and change nothing
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg).*)" }],
};
