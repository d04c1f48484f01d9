/**
 * The Content Security Policy for one response. Scripts run only with the request's nonce (Next
 * puts it on the scripts it streams) or when loaded by one that has it ('strict-dynamic'): no
 * inline script an attacker manages to write into a page can run. Styles keep 'unsafe-inline'
 * (React sets style attributes; a style cannot run code). Message HTML is shown sanitized, in a
 * sandboxed frame, and may not load remote images.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 16 random bytes, base64: unguessable, and fresh for every request. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** Two years, subdomains included: sent only on responses served over https. */
export const strictTransportSecurity = "max-age=63072000; includeSubDomains";
