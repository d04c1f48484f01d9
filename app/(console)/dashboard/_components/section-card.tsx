import { useId, type ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";

/**
 * A dashboard card: a region named by a real heading (h2, under the page's h1). Ids come from
 * useId: the router keeps a page it left mounted (hidden), and a second copy of a fixed id would
 * make aria-labelledby ambiguous.
 */
export function SectionCard({
  title,
  description,
  className,
  children,
  testId,
}: {
  title: string;
  description?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  return (
    <Card className={cn("min-w-0", className)} role="region" aria-labelledby={titleId} data-testid={testId}>
      <CardHeader>
        <h2 id={titleId} className="text-base leading-tight font-semibold">
          {title}
        </h2>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** A share as a thin bar: decoration beside a number that is always written out. */
export function ShareBar({ share, className }: { share: number | null; className?: string }) {
  return (
    <div aria-hidden="true" className="mt-1 h-1 w-full max-w-20 overflow-hidden rounded-full bg-muted">
      <div
        className={cn("h-full rounded-full bg-primary/70", className)}
        style={{ width: `${Math.round((share ?? 0) * 100)}%` }}
      />
    </div>
  );
}
