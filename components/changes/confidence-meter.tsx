import { Progress } from "@/components/ui/progress";
import { cn } from "@/components/ui/utils";

export type ConfidenceLevel = "high" | "medium" | "low";

/** Display bands only; what gets auto-applied is decided by the policy's own thresholds. */
export const CONFIDENCE_HIGH = 0.9;
export const CONFIDENCE_MEDIUM = 0.7;

function clamp(value: number) {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/**
 * Two decimals, rounded down, so the number shown never reads as a higher band than the word
 * next to it (0.899 shows "0.89 medium", not "0.90 medium").
 */
export function formatConfidence(value: number) {
  return (Math.floor(clamp(value) * 100 + 1e-9) / 100).toFixed(2);
}

export function confidenceLevel(value: number): ConfidenceLevel {
  const v = clamp(value);
  if (v >= CONFIDENCE_HIGH) return "high";
  if (v >= CONFIDENCE_MEDIUM) return "medium";
  return "low";
}

const tones: Record<ConfidenceLevel, { text: string; bar: string; track: string }> = {
  high: { text: "text-emerald-700", bar: "bg-emerald-600", track: "bg-emerald-600/15" },
  medium: { text: "text-amber-700", bar: "bg-amber-500", track: "bg-amber-500/20" },
  low: { text: "text-rose-700", bar: "bg-rose-600", track: "bg-rose-600/15" },
};

/** A confidence in 0..1 as a word, a bar and the number: "high · 0.97". */
export function ConfidenceMeter({
  value,
  showBar = true,
  srLabel = "Confidence",
  className,
}: {
  value: number;
  showBar?: boolean;
  /** read before the value by screen readers; pass "" when a column header already says it */
  srLabel?: string;
  className?: string;
}) {
  const level = confidenceLevel(value);
  const tone = tones[level];
  const number = formatConfidence(value);

  return (
    <span
      data-slot="confidence-meter"
      data-level={level}
      className={cn("inline-flex items-center gap-2 whitespace-nowrap", className)}
    >
      {srLabel ? <span className="sr-only">{srLabel}: </span> : null}
      {showBar ? (
        <span aria-hidden="true" className="inline-flex w-14">
          <Progress
            value={Number(number) * 100}
            className={cn("h-1.5", tone.track)}
            indicatorClassName={tone.bar}
          />
        </span>
      ) : null}
      <span className="text-xs">
        <span className={cn("font-medium", tone.text)}>{level}</span>
        <span aria-hidden="true" className="text-muted-foreground">
          {" · "}
        </span>
        <span className="text-muted-foreground tabular-nums">{number}</span>
      </span>
    </span>
  );
}
