import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/testing/database";
import { jobNames } from "./definitions";
import { installQueues } from "./boss";

const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
afterAll(async () => {
  await sql.end();
});

describe("installQueues", () => {
  it("runs again on a database that has the queues: a restart of npm start", async () => {
    await installQueues(testDatabaseUrl());
    await expect(installQueues(testDatabaseUrl())).resolves.toBeUndefined();
    const rows = await sql<{ name: string; policy: string }[]>`select name, policy from pgboss.queue`;
    expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining([...jobNames]));
    expect(rows.find((row) => row.name === "imap-poll")?.policy).toBe("stately");
  });
});
