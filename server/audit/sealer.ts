import type { Db } from "@/db/client";
import {
  exportCheckpoint,
  sealAuditEvents,
  sealRoundLimit,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointExport,
} from "./seal";
import type { SigningKey } from "./signing-key";

export type SealerOptions = {
  key: SigningKey;
  intervalMs: number;
  checkpointEveryMs: number;
  exportTo: CheckpointExport;
  /** a failed round is retried at the next interval; this hears about it */
  onError: (error: unknown) => void;
};

/**
 * Runs in every worker process: seals new events every `intervalMs` (rounds that find another
 * process sealing do nothing), and signs and exports a checkpoint every `checkpointEveryMs` when
 * the chain has grown. A checkpoint whose export fails is tried again at the next checkpoint time
 * (before a newer one is signed), so the outside copy never skips one silently.
 */
export function startAuditSealer(db: Db, options: SealerOptions): { stop: () => Promise<void> } {
  let stopped = false;
  let lastCheckpointAt = 0;
  let unexported: Checkpoint | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    // seal everything finished, a full round after another, before waiting again
    for (;;) {
      const { sealed } = await sealAuditEvents(db);
      if (sealed < sealRoundLimit || stopped) break;
    }
    if (Date.now() - lastCheckpointAt < options.checkpointEveryMs) return;
    lastCheckpointAt = Date.now();
    if (!unexported) unexported = await writeCheckpoint(db, options.key);
    if (unexported) {
      await exportCheckpoint(unexported, options.exportTo);
      unexported = null;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().catch(options.onError).finally(schedule);
    }, options.intervalMs);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
