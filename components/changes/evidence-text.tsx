"use client";

import { Fragment, useEffect, useMemo, useRef } from "react";

import { cn } from "@/components/ui/utils";

export type EvidenceHighlight = {
  /** UTF-16 offsets into `text`, as produced by the extractor: `text.slice(start, end)` */
  start: number;
  end: number;
  id: string;
  /** what this evidence supports, e.g. "Shipping address" */
  label: string;
};

type Segment = { start: number; end: number; spans: EvidenceHighlight[] };

/**
 * Cuts the text at every highlight boundary. Each piece lists the highlights covering it,
 * outermost first, so overlapping and nested highlights render as nested <mark>s.
 */
export function segmentEvidence(text: string, highlights: readonly EvidenceHighlight[]): Segment[] {
  const spans = highlights
    .map((h) => ({
      ...h,
      start: Math.max(0, Math.min(text.length, Math.floor(h.start))),
      end: Math.max(0, Math.min(text.length, Math.floor(h.end))),
    }))
    .filter((h) => h.end > h.start);

  const bounds = [...new Set([0, text.length, ...spans.flatMap((h) => [h.start, h.end])])].sort(
    (a, b) => a - b,
  );

  const segments: Segment[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i] ?? 0;
    const end = bounds[i + 1] ?? start;
    if (end <= start) continue;
    const covering = spans
      .filter((h) => h.start <= start && h.end >= end)
      .sort((a, b) => a.start - b.start || b.end - a.end || a.id.localeCompare(b.id));
    segments.push({ start, end, spans: covering });
  }
  return segments;
}

/**
 * Message text with its evidence highlighted. Each highlight starts with a
 * `<mark id="evidence-<id>">`; a highlight that overlaps another continues in further marks
 * carrying `data-evidence-id`. Whitespace and line breaks are kept as written.
 */
export function EvidenceText({
  text,
  highlights,
  activeId,
  onSelect,
  className,
}: {
  text: string;
  highlights: readonly EvidenceHighlight[];
  activeId?: string | null;
  onSelect?: (id: string) => void;
  className?: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const segments = useMemo(() => segmentEvidence(text, highlights), [text, highlights]);

  // Bring evidence a reviewer picks elsewhere (e.g. in the diff) into view. Not on first
  // render: opening a page must not jump the window to the evidence.
  const previousActiveId = useRef(activeId);
  useEffect(() => {
    if (activeId === previousActiveId.current) return;
    previousActiveId.current = activeId;
    if (!activeId) return;
    const first = containerRef.current?.querySelector<HTMLElement>(
      `[data-evidence-id="${CSS.escape(activeId)}"]`,
    );
    first?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  return (
    <div
      ref={containerRef}
      data-slot="evidence-text"
      className={cn("text-sm leading-relaxed break-words whitespace-pre-wrap", className)}
    >
      {segments.map((segment) => {
        let node: React.ReactNode = text.slice(segment.start, segment.end);
        // Only one interactive mark per piece of text: interactive elements must not nest.
        const interactiveIndex = onSelect ? segment.spans.findIndex((h) => h.start === segment.start) : -1;

        for (let i = segment.spans.length - 1; i >= 0; i--) {
          const span = segment.spans[i];
          if (!span) continue;
          const isFirst = span.start === segment.start;
          const interactive = i === interactiveIndex;
          const active = span.id === activeId;
          const select = onSelect;
          node = (
            <mark
              id={isFirst ? `evidence-${span.id}` : undefined}
              data-evidence-id={span.id}
              data-active={active || undefined}
              aria-label={isFirst ? `${span.label}: ${text.slice(span.start, span.end)}` : undefined}
              title={span.label}
              role={interactive ? "button" : undefined}
              tabIndex={interactive ? 0 : undefined}
              aria-pressed={interactive ? active : undefined}
              onClick={
                select
                  ? (event) => {
                      event.stopPropagation();
                      select(span.id);
                    }
                  : undefined
              }
              onKeyDown={
                interactive && select
                  ? (event) => {
                      if (event.key === "Enter" || event.key === " ") {
                        event.preventDefault();
                        select(span.id);
                      }
                    }
                  : undefined
              }
              className={cn(
                "rounded-[3px] box-decoration-clone text-inherit",
                // a highlight inside another reads darker, so overlaps stay visible
                i === 0 ? "bg-amber-200/60 dark:bg-amber-300/25" : "bg-amber-300/55 dark:bg-amber-300/35",
                select && "cursor-pointer hover:bg-amber-300/70",
                active && "bg-amber-300/90 shadow-[0_0_0_1.5px_var(--color-amber-600)] dark:bg-amber-300/45",
              )}
            >
              {node}
            </mark>
          );
        }
        return <Fragment key={segment.start}>{node}</Fragment>;
      })}
    </div>
  );
}
