/**
 * Only same-origin paths are followed after sign-in, so a crafted link cannot send someone to
 * another site. next-auth may hand us an absolute URL on our own origin; keep its path.
 */
export function safeCallbackPath(callbackUrl: string | undefined, origin?: string) {
  if (!callbackUrl) return undefined;
  if (callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") && !callbackUrl.startsWith("/\\")) {
    return callbackUrl.startsWith("/sign-in") ? undefined : callbackUrl;
  }
  if (!origin) return undefined;
  try {
    const url = new URL(callbackUrl);
    if (url.origin !== origin || url.pathname.startsWith("/sign-in")) return undefined;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}
