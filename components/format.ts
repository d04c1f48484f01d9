/** Display helpers shared by console pages. */

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function timeAgo(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86400), "day");
}

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

/**
 * A machine word as a label: `partially_applied` → "Partially applied", `proposal.routed` →
 * "Proposal routed", `process-message` → "Process message". The one place the console does this.
 */
export function humanize(value: string): string {
  const text = value.replace(/[._-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function formatDate(value: Date): string {
  return dateOnly.format(value);
}
