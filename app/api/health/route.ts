import { sql } from "drizzle-orm";
import { healthCheckQueue } from "@/jobs/definitions";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

async function check(part: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([
      part(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 3 s")), 3000)),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness for load balancers and `npm start`: public, reveals only which part is failing. */
export async function GET() {
  const [database, queue] = await Promise.all([
    check(() => getDb().execute(sql`select 1`)),
    check(async () => {
      const boss = await getBoss();
      const found = await boss.getQueue(healthCheckQueue);
      if (!found) throw new Error(`queue ${healthCheckQueue} is missing`);
    }),
  ]);
  const ok = database.ok && queue.ok;
  return Response.json(
    { status: ok ? "ok" : "unavailable", database, queue },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
