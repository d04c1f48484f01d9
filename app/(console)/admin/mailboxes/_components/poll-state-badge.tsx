import { Badge } from "@/components/ui/badge";
import type { MailboxView } from "./form-values";

const words: Record<MailboxView["poll"]["state"], string> = {
  waiting: "Waiting for its first poll",
  ok: "Polling",
  failing: "Failing",
  disabled: "Disabled",
};

/** A mailbox's polling in a word: the one thing to read first in its card. */
export function PollStateBadge({ state }: { state: MailboxView["poll"]["state"] }) {
  const variant = state === "failing" ? "destructive" : state === "ok" ? "secondary" : "outline";
  return (
    <Badge variant={variant} data-state={state}>
      {words[state]}
    </Badge>
  );
}
