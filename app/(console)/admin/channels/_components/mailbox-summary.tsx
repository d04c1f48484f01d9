import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc-types";

type Mailbox = RouterOutputs["mailbox"]["list"]["mailboxes"][number];

/** How the mailboxes' polling goes, in one line, and the way to the page that manages them. */
export function MailboxSummary({ mailboxes }: { mailboxes: readonly Mailbox[] }) {
  const count = (state: Mailbox["poll"]["state"]) => mailboxes.filter((m) => m.poll.state === state).length;
  const trusted = mailboxes.filter((m) => m.trusted).length;
  const failing = count("failing");
  // only what there is: "1 polling · 1 failing", the failing part in red
  const parts = [
    { words: `${count("ok")} polling`, count: count("ok") },
    { words: `${count("waiting")} waiting for a first poll`, count: count("waiting") },
    { words: `${count("disabled")} disabled`, count: count("disabled") },
  ].filter((part) => part.count > 0);
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
      <p data-testid="mailbox-summary">
        {mailboxes.length === 0 ? (
          <span className="text-muted-foreground">No mailbox is set up yet.</span>
        ) : (
          <>
            <span className="font-medium">
              {mailboxes.length} {mailboxes.length === 1 ? "mailbox" : "mailboxes"}:
            </span>{" "}
            {parts.map((part) => part.words).join(" · ")}
            {failing > 0 ? (
              <span className="text-destructive">
                {parts.length > 0 ? " · " : ""}
                {failing} failing
              </span>
            ) : null}
            <span className="block text-muted-foreground">
              {mailboxes.length === 1
                ? trusted === 1
                  ? "It is marked trusted."
                  : "It is not marked trusted."
                : `${trusted === 0 ? "None is" : trusted === mailboxes.length ? "All are" : `${trusted} are`} marked trusted.`}
            </span>
          </>
        )}
      </p>
      <Link className="text-sm underline underline-offset-2" href="/admin/mailboxes">
        {mailboxes.length === 0 ? "Add a mailbox" : "Manage mailboxes"}
      </Link>
    </div>
  );
}
