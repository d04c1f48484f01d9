"use client";

import { CopyButton } from "./copy-button";

/** A channel's endpoint as a client calls it, with a button that copies the URL. */
export function EndpointUrl({ method, url, label }: { method: string; url: string; label: string }) {
  return (
    <div className="flex items-start gap-2">
      <code className="min-w-0 flex-1 rounded-md border bg-muted/40 px-2 py-1.5 font-mono text-xs [overflow-wrap:anywhere]">
        <span className="font-semibold">{method}</span> {url}
      </code>
      <CopyButton iconOnly text={url} label={`the ${label} endpoint URL`} />
    </div>
  );
}
