import { z } from "zod";

/**
 * The dashboard's time windows. Kept free of server imports: the page parses `?window=` with the
 * same schema the procedure validates with, and the client labels its switch from it.
 */
export const dashboardWindows = ["24h", "7d", "30d"] as const;
export const dashboardWindowSchema = z.enum(dashboardWindows);
export type DashboardWindow = z.infer<typeof dashboardWindowSchema>;

export const dashboardSummaryInput = z.object({ window: dashboardWindowSchema.default("24h") });

const hour = 3_600_000;
const day = 24 * hour;

/** How long each window is, and the width of one throughput bucket in it. */
export const windowSpans: Record<DashboardWindow, { durationMs: number; bucket: "hour" | "day" }> = {
  "24h": { durationMs: 24 * hour, bucket: "hour" },
  "7d": { durationMs: 7 * day, bucket: "day" },
  "30d": { durationMs: 30 * day, bucket: "day" },
};

/** An unknown or missing `?window=` falls back to the default rather than failing the page. */
export function parseDashboardWindow(value: unknown): DashboardWindow {
  const parsed = dashboardWindowSchema.safeParse(value);
  return parsed.success ? parsed.data : "24h";
}
