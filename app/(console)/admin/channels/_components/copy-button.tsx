"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies `text`; when the browser refuses (permissions, plain http) it says so and calls
 * `onRefused`, so the caller can select the text for Ctrl+C instead. `iconOnly` keeps the room
 * for what is copied; the name stays for screen readers and the tooltip.
 */
export function CopyButton({
  text,
  label,
  onRefused,
  iconOnly = false,
}: {
  text: string;
  /** what is copied, for screen readers: "the chat endpoint URL" */
  label: string;
  onRefused?: () => void;
  iconOnly?: boolean;
}) {
  const [state, setState] = useState<"idle" | "copied" | "refused">("idle");
  const words = state === "copied" ? "Copied" : state === "refused" ? "Press Ctrl+C" : "Copy";
  return (
    <Button
      type="button"
      variant="outline"
      size={iconOnly ? "icon-sm" : "default"}
      title={iconOnly ? `${words} ${label}` : undefined}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setState("copied"),
          () => {
            setState("refused");
            onRefused?.();
          },
        );
      }}
    >
      {state === "copied" ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
      {iconOnly ? null : words}
      <span className="sr-only">
        {iconOnly ? words : ""} {label}
      </span>
    </Button>
  );
}
