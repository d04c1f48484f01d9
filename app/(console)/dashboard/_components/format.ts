import type { DashboardWindow } from "@/contracts/dashboard-window";

/** How the dashboard words its window in sentences: "No change sets in the last 24 hours". */
export const windowPhrases: Record<DashboardWindow, string> = {
  "24h": "the last 24 hours",
  "7d": "the last 7 days",
  "30d": "the last 30 days",
};

export const windowLabels: Record<DashboardWindow, string> = {
  "24h": "24 hours",
  "7d": "7 days",
  "30d": "30 days",
};

const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });
const finePercent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A share as a percentage, "—" when there was nothing to divide (never "NaN%"). */
export function formatShare(share: number | null): string {
  if (share === null) return "—";
  // small shares keep a decimal: 0.4% of changes rolled back is not 0%
  return share > 0 && share < 0.1 ? finePercent.format(share) : percent.format(share);
}

export function formatCount(value: number): string {
  return value.toLocaleString("en");
}

function oneDecimal(value: number): string {
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/** Seconds in the unit a person would say: "45 s", "3.5 min", "2 h", "1.5 days". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 1) return "under 1 s";
  if (seconds < 60) return `${oneDecimal(seconds)} s`;
  if (seconds < 3600) return `${oneDecimal(seconds / 60)} min`;
  if (seconds < 86_400) return `${oneDecimal(seconds / 3600)} h`;
  const days = oneDecimal(seconds / 86_400);
  return `${days} ${days === "1" ? "day" : "days"}`;
}

const hourLabel = new Intl.DateTimeFormat("en", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});
const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const hourLong = new Intl.DateTimeFormat("en", {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** Buckets are whole UTC hours or days: labelled in UTC so a bar means what the server counted. */
export function formatBucket(start: Date, bucket: "hour" | "day", style: "short" | "long" = "short"): string {
  if (bucket === "day") return dayLabel.format(start);
  return style === "long" ? hourLong.format(start) : hourLabel.format(start);
}

const utcDateTime = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** In UTC, like the buckets, and the same on the server and in the browser (no hydration mismatch). */
export function formatUtcDateTime(date: Date): string {
  return `${utcDateTime.format(date)} UTC`;
}
