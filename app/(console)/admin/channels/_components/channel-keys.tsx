import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { keyChannelInfo } from "@/components/channels/key-channels";
import type { RouterOutputs } from "@/components/trpc-types";
import type { KeyChannel } from "@/contracts/message-input";

type ApiKey = RouterOutputs["user"]["listApiKeys"][number];

/**
 * The active keys that may post to a channel and whether each is trusted to assert senders. Keys
 * are created and revoked in one place, the Users page; this only shows and links.
 */
export function ChannelKeys({ channel, keys }: { channel: KeyChannel; keys: readonly ApiKey[] }) {
  const allowed = keys.filter((key) => !key.revokedAt && key.channels.includes(channel));
  const label = keyChannelInfo[channel].label;
  // an email's sender is judged by its Authentication-Results, never by the key that posted it
  const trustMatters = channel !== "email";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="font-medium">Keys that may post here</h3>
        <Link className="text-sm underline underline-offset-2" href="/admin/users#api-keys">
          Manage API keys<span className="sr-only"> (the {label} channel&apos;s keys)</span>
        </Link>
      </div>
      {allowed.length === 0 ? (
        <p className="text-muted-foreground">
          No active key may post to the {label} channel yet: requests get 401 or 403. Create one on the Users
          page, with {label} ticked.
        </p>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label={`Keys allowed on the ${label} channel`}>
          {allowed.map((key) => (
            <li
              key={key.id}
              className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-3 py-2"
            >
              <span className="min-w-0">
                <span className="font-medium break-words">{key.name}</span>{" "}
                <span className="font-mono text-xs text-muted-foreground">cdk_{key.prefix}_…</span>
              </span>
              {!trustMatters ? null : key.trustedSender ? (
                <Badge variant="secondary">Trusted to assert senders</Badge>
              ) : (
                <Badge variant="outline">Senders unverified</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
