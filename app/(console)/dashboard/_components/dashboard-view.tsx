"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import type { DashboardWindow } from "@/contracts/dashboard-window";
import { CalibrationCard } from "./calibration-card";
import { DriftCard } from "./drift-card";
import { FailuresCard } from "./failures-card";
import { LatencyCard } from "./latency-card";
import { QueueStats } from "./queue-stats";
import { ThroughputCard } from "./throughput-card";

export function DashboardView({ window: selected }: { window: DashboardWindow }) {
  const trpc = useTRPC();
  // a view people leave open: refreshed every minute, not live
  const { data } = useSuspenseQuery({
    ...trpc.dashboard.summary.queryOptions({ window: selected }),
    refetchInterval: 60_000,
  });

  return (
    // tables get the full width: a table wider than its card would scroll, and a scrolling region
    // without anything focusable in it cannot be scrolled from the keyboard
    <div className="space-y-6" data-testid="dashboard">
      <QueueStats queue={data.queue} failures={data.failures} window={selected} />
      <ThroughputCard throughput={data.throughput} bucket={data.bucket} window={selected} />
      <div className="grid gap-6 lg:grid-cols-2">
        <LatencyCard latencies={data.latencies} window={selected} />
        <FailuresCard failures={data.failures} window={selected} />
      </div>
      <DriftCard rows={data.drift} window={selected} />
      <CalibrationCard buckets={data.calibration} window={selected} />
    </div>
  );
}
