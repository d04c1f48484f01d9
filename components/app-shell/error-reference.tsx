import { cn } from "@/components/ui/utils";

/**
 * Errors from Server Components reach the browser as a generic message plus a digest that
 * matches the server log entry. We show only the digest: never a message or a stack, which
 * could leak internals.
 */
export function errorDigest(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error) {
    const { digest } = error as { digest?: unknown };
    if (typeof digest === "string" && digest.length > 0) return digest;
  }
  return undefined;
}

export function ErrorReference({ error, className }: { error: unknown; className?: string }) {
  const digest = errorDigest(error);
  if (!digest) return null;
  return (
    <p className={cn("text-xs text-muted-foreground", className)}>
      Reference{" "}
      <code className="rounded-sm bg-muted px-1.5 py-0.5 font-mono text-foreground select-all">{digest}</code>
    </p>
  );
}
