import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * One channel: what it is, how messages reach it, when its senders count as verified, and its
 * settings below. Every card reads the same way, so the channels can be compared at a glance.
 */
export function ChannelCard({
  channel,
  title,
  kind,
  description,
  arrives,
  verified,
  children,
}: {
  channel: string;
  title: string;
  /** how it arrives, in a word or two: "Webhook", "Polled" */
  kind: string;
  description: ReactNode;
  arrives: ReactNode;
  verified: ReactNode;
  children?: ReactNode;
}) {
  const heading = `channel-${channel}-title`;
  return (
    <Card data-testid={`channel-${channel}`} aria-labelledby={heading} role="region">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <h2 id={heading}>{title}</h2>
          <Badge variant="secondary">{kind}</Badge>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <dl className="grid gap-3">
          <div className="grid gap-1">
            <dt className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
              How it arrives
            </dt>
            <dd className="min-w-0 space-y-1.5">{arrives}</dd>
          </div>
          <div className="grid gap-1">
            <dt className="text-xs font-medium tracking-wide text-muted-foreground uppercase">
              Sender verified when
            </dt>
            <dd className="min-w-0">{verified}</dd>
          </div>
        </dl>
        {children ? <div className="space-y-4 border-t pt-4">{children}</div> : null}
      </CardContent>
    </Card>
  );
}
