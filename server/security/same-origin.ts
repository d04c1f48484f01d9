/**
 * Cross-site request forgery: a browser signed in to Changedesk still sends its session cookie
 * when another site posts to us. Browsers say where a request comes from (`Origin`, and
 * `Sec-Fetch-Site`); a state-changing request that a browser marks as coming from another site is
 * refused before it reaches a procedure. A request with neither header is no browser's (a script,
 * a webhook relay): it has no cookie to ride on unless its author holds one.
 */
export type OriginVerdict = { allowed: true } | { allowed: false; reason: string };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins a request may come from: the one it was sent to, and the configured public URL. */
function ownOrigins(request: Request, publicUrl: string | undefined): Set<string> {
  const origins = new Set<string>([new URL(request.url).origin]);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const protocol =
      request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    origins.add(`${protocol}://${host}`);
  }
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return origins;
}

export function checkSameOrigin(request: Request, publicUrl?: string): OriginVerdict {
  if (safeMethods.has(request.method.toUpperCase())) return { allowed: true };
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (origin !== "null" && ownOrigins(request, publicUrl).has(origin)) return { allowed: true };
    return {
      allowed: false,
      reason: `requests from ${origin === "null" ? "an opaque origin" : origin} may not change anything here`,
    };
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site")
    return { allowed: false, reason: "requests from another site may not change anything here" };
  return { allowed: true };
}
