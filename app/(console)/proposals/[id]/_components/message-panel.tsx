"use client";

import { EvidenceText, type EvidenceHighlight } from "@/components/changes/evidence-text";
import { formatDateTime } from "@/components/format";
import { SafeHtmlFrame } from "@/components/review/safe-html-frame";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { RouterOutputs } from "@/components/trpc-types";

type Message = NonNullable<RouterOutputs["proposal"]["get"]["message"]>;

/**
 * The customer's message: plain text with the evidence highlighted by default; the HTML only on
 * request, sanitized and sandboxed (components/review/safe-html-frame.tsx).
 */
export function MessagePanel({
  message,
  highlights,
  activeEvidence,
  onSelectEvidence,
}: {
  message: Message | null;
  highlights: EvidenceHighlight[];
  activeEvidence: string | null;
  onSelectEvidence: (id: string) => void;
}) {
  if (!message) {
    return (
      <Card>
        <CardContent>
          <p className="text-sm text-muted-foreground">This change set was not proposed from a message.</p>
        </CardContent>
      </Card>
    );
  }
  const text = (
    <EvidenceText
      text={message.text}
      highlights={highlights}
      activeId={activeEvidence}
      onSelect={onSelectEvidence}
      className="text-sm leading-relaxed"
    />
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">{message.subject ?? "Message"}</CardTitle>
        <p className="text-sm text-muted-foreground">
          From {message.sender} via {message.channel} · {formatDateTime(message.receivedAt)}
        </p>
      </CardHeader>
      <CardContent>
        {message.html ? (
          <Tabs defaultValue="text">
            <TabsList aria-label="Message format">
              <TabsTrigger value="text">Text</TabsTrigger>
              <TabsTrigger value="html" data-testid="show-html">
                HTML (sanitized)
              </TabsTrigger>
            </TabsList>
            <TabsContent value="text" className="pt-3">
              {text}
            </TabsContent>
            <TabsContent value="html" className="pt-3">
              <p className="mb-2 text-xs text-muted-foreground">
                Scripts, forms and remote content are removed and blocked; links cannot be followed.
              </p>
              <SafeHtmlFrame
                html={message.html}
                title={`HTML of the message “${message.subject ?? "without subject"}”, sanitized`}
              />
            </TabsContent>
          </Tabs>
        ) : (
          text
        )}
        {highlights.length > 0 ? (
          <p className="mt-3 text-xs text-muted-foreground">
            Highlighted: the words each proposed field was taken from. Select one to see its field.
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
