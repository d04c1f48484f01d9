import { ShieldCheckIcon, ShieldQuestionIcon, UserPenIcon } from "lucide-react";
import { isVerifiedCustomerSender, type SenderVerification } from "@/contracts/message-input";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";
import type { MessageDetailData } from "./message-detail";

const verificationLabels: Record<SenderVerification, string> = {
  email_authenticated: "Verified by the mail server",
  trusted_mailbox: "From a trusted mailbox",
  signed_chat_user: "Signed chat user",
  trusted_api_key: "Asserted by a trusted API key",
  staff_author: "Written by staff",
  unverified: "Not verified",
};

/**
 * How the message arrived: how far its sender is verified (what lets a change apply without a
 * person), who wrote it, and the payload exactly as the channel delivered it, as text.
 */
export function ArrivalPanel({ message }: { message: MessageDetailData["message"] }) {
  const verified = isVerifiedCustomerSender(message.senderVerification);
  const Icon =
    message.senderVerification === "staff_author"
      ? UserPenIcon
      : verified
        ? ShieldCheckIcon
        : ShieldQuestionIcon;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">How it arrived</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <div className="flex items-start gap-3" data-testid="sender-verification">
          <Icon
            aria-hidden="true"
            className={cn("mt-0.5 size-5 shrink-0", verified ? "text-emerald-600" : "text-amber-600")}
          />
          <div className="min-w-0">
            <p className="font-medium">{verificationLabels[message.senderVerification]}</p>
            {message.senderVerificationReason ? (
              <p className="text-muted-foreground">{message.senderVerificationReason}</p>
            ) : null}
            <p className="mt-1 text-muted-foreground">
              {verified
                ? "A change it asks for may apply without a person when the policy allows."
                : message.senderVerification === "staff_author"
                  ? "Its changes always need a second person; its author cannot approve them."
                  : "Its changes always wait for a person."}
            </p>
          </div>
        </div>
        {message.authorKind === "agent" || message.ticketNumber ? (
          <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1">
            {message.authorKind === "agent" ? (
              <>
                <dt className="text-muted-foreground">Written by</dt>
                <dd className="break-words" data-testid="message-author">
                  {message.authorName ?? "an agent"}
                </dd>
              </>
            ) : null}
            {message.ticketNumber ? (
              <>
                <dt className="text-muted-foreground">On ticket</dt>
                <dd className="tabular-nums">#{message.ticketNumber}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        <details className="group rounded-md border">
          <summary className="cursor-pointer rounded-md px-3 py-2 font-medium outline-none select-none focus-visible:ring-2 focus-visible:ring-ring">
            Payload as delivered
            <span className="ml-2 font-normal text-muted-foreground">
              (the sender&apos;s data, shown as text)
            </span>
          </summary>
          <pre
            data-testid="message-payload"
            className="max-h-96 overflow-auto border-t bg-muted/40 px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap"
          >
            {message.payload}
          </pre>
          {message.payloadTruncated ? (
            <p className="border-t px-3 py-2 text-xs text-muted-foreground">
              Shortened for the page; the whole payload is kept with the message.
            </p>
          ) : null}
        </details>
      </CardContent>
    </Card>
  );
}
