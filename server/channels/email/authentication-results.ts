/**
 * Reads the `Authentication-Results` headers (RFC 8601) a receiving mail server adds, and decides
 * whether they vouch for the From address. Anyone can write such a header into a message, so only
 * headers whose authserv-id is one an admin trusts count, and only a pass that is aligned with the
 * From domain: DMARC pass for it, or DKIM or SPF pass for it or a parent domain.
 */

export type AuthenticationVerdict =
  { verified: true; method: "dmarc" | "dkim" | "spf"; reason: string } | { verified: false; reason: string };

type MethodResult = { method: string; result: string; properties: Record<string, string> };

/** `mx.example; dkim=pass header.d=example.com; spf=fail smtp.mailfrom=x@y` → its id and results. */
export function parseAuthenticationResults(value: string): { authservId: string; results: MethodResult[] } {
  const unfolded = value.replace(/\r?\n[ \t]+/g, " ").replace(/\([^()]*\)/g, " ");
  const [head = "", ...clauses] = unfolded.split(";");
  const authservId = (head.trim().split(/\s+/)[0] ?? "").toLowerCase();
  const results = clauses.flatMap((clause) => {
    const [first, ...rest] = clause.trim().split(/\s+/);
    const match = /^([a-z0-9-]+)(?:\/[0-9]+)?=([a-z]+)$/i.exec(first ?? "");
    if (!match?.[1] || !match[2]) return [];
    const properties: Record<string, string> = {};
    for (const token of rest) {
      const eq = token.indexOf("=");
      if (eq > 0) properties[token.slice(0, eq).toLowerCase()] = token.slice(eq + 1).replace(/^"|"$/g, "");
    }
    return [{ method: match[1].toLowerCase(), result: match[2].toLowerCase(), properties }];
  });
  return { authservId, results };
}

function domainOf(addressOrDomain: string | undefined): string | null {
  if (!addressOrDomain) return null;
  const at = addressOrDomain.lastIndexOf("@");
  const domain = (at >= 0 ? addressOrDomain.slice(at + 1) : addressOrDomain).trim().toLowerCase();
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

/** Relaxed alignment: the authenticated domain is the From domain or one of its parents. */
function aligned(fromDomain: string, authenticated: string | null): boolean {
  return authenticated !== null && (fromDomain === authenticated || fromDomain.endsWith(`.${authenticated}`));
}

export function verifyEmailSender(params: {
  fromAddress: string | null;
  authenticationResults: string[];
  trustedAuthservIds: readonly string[];
}): AuthenticationVerdict {
  const fromDomain = domainOf(params.fromAddress ?? undefined);
  if (!fromDomain) return { verified: false, reason: "the From address has no usable domain" };
  const trusted = new Set(params.trustedAuthservIds.map((id) => id.toLowerCase()));
  if (trusted.size === 0)
    return {
      verified: false,
      reason: "no receiving mail server is trusted (an admin names them in Channels)",
    };
  // the topmost header from a trusted server is the one that server wrote on arrival
  const header = params.authenticationResults
    .map(parseAuthenticationResults)
    .find((parsed) => trusted.has(parsed.authservId));
  if (!header)
    return {
      verified: false,
      reason:
        params.authenticationResults.length === 0
          ? "the email carries no Authentication-Results"
          : "no Authentication-Results from a trusted receiving server",
    };
  const passes = header.results.filter((r) => r.result === "pass");
  const dmarc = passes.find(
    (r) => r.method === "dmarc" && domainOf(r.properties["header.from"]) === fromDomain,
  );
  if (dmarc)
    return { verified: true, method: "dmarc", reason: `dmarc=pass for ${fromDomain} (${header.authservId})` };
  // the domain each passing DKIM signature or SPF check authenticated
  const passed = (method: "dkim" | "spf") =>
    passes
      .filter((r) => r.method === method)
      .map((r) =>
        method === "dkim"
          ? domainOf(r.properties["header.d"] ?? r.properties["header.i"])
          : domainOf(r.properties["smtp.mailfrom"] ?? r.properties["smtp.helo"]),
      );
  const dkimDomain = passed("dkim").find((domain) => aligned(fromDomain, domain));
  if (dkimDomain)
    return { verified: true, method: "dkim", reason: `dkim=pass for ${dkimDomain} (${header.authservId})` };
  if (passed("spf").some((domain) => aligned(fromDomain, domain)))
    return {
      verified: true,
      method: "spf",
      reason: `spf=pass aligned with ${fromDomain} (${header.authservId})`,
    };
  const seen = header.results.map((r) => `${r.method}=${r.result}`).join(", ") || "no results";
  return {
    verified: false,
    reason: `no DKIM, SPF or DMARC pass for ${fromDomain} (${header.authservId}: ${seen})`,
  };
}
