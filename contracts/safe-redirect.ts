// Anything that is not printable ASCII path material: controls, spaces, backslashes, and the
// unicode look-alikes of slashes that some browsers fold into "/".
const unsafe = /[\u0000-\u0020\u007f-\u00a0\\\u2044\u2215\u29f8\ufe68\uff0f\uff3c\u2216\u3000]/;

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The path to send someone to after signing in, or undefined (then they go to the queue). Only a
 * path on our own origin is followed, checked before and after one round of percent-decoding, so
 * `//evil.example`, `/\\evil`, `/%09/evil`, `%2F%2Fevil`, `/\u2215evil` and the like all go nowhere.
 * `origin` lets an absolute URL on our own origin through (next-auth hands those over).
 */
export function safeRedirectPath(raw: string | null | undefined, origin?: string): string | undefined {
  if (!raw || raw.length > 2048) return undefined;
  const plain = decoded(raw);
  if (plain === null || unsafe.test(raw) || unsafe.test(plain)) return undefined;
  // without an origin only a path is followed
  if (!origin && !raw.startsWith("/")) return undefined;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin ?? "http://changedesk.invalid");
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin) return undefined;
  const path = decoded(url.pathname);
  if (path === null || path.startsWith("//") || url.pathname.startsWith("//")) return undefined;
  if (url.pathname.startsWith("/sign-in") || url.pathname.startsWith("/api/")) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
