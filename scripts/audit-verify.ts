/**
 * `npm run audit:verify [-- --checkpoint <file.jsonl>] [--public-key <file.pem>]`
 *
 * Checks the audit trail in DATABASE_URL (or the embedded server `npm start` runs) against its
 * hash chain, every signed checkpoint, and the last checkpoint exported out of the database.
 * Defaults: AUDIT_CHECKPOINT_FILE and the public key beside AUDIT_SIGNING_KEY_FILE. It names the
 * first bad event or link and exits 1 on any edit, deletion, insertion, reordering or forgery.
 */
import { createDb } from "@/db/client";
import { verifyOptionsFrom } from "@/server/audit/trust";
import { publicKeyFileOf } from "@/server/audit/signing-key";
import { verifyAuditChain } from "@/server/audit/verify";
import { env } from "@/server/env";
import { EMBEDDED_PASSWORD, EMBEDDED_USER, START_EMBEDDED_PORT } from "./lib/embedded-postgres";

/** the embedded server `npm start` runs */
const startedServer = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${START_EMBEDDED_PORT}/changedesk`;

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};

{
  const databaseUrl = env.DATABASE_URL ?? startedServer;
  const { db, close } = createDb(databaseUrl, { max: 2, applicationName: "changedesk-audit-verify" });
  try {
    const publicKeyFile = option("public-key") ?? publicKeyFileOf(env.AUDIT_SIGNING_KEY_FILE);
    const trusted = verifyOptionsFrom({
      publicKeyFile,
      checkpointFile: option("checkpoint") ?? env.AUDIT_CHECKPOINT_FILE,
    });
    if (!trusted.publicKey) throw new Error(`no public key at ${publicKeyFile}`);
    const { exported } = trusted;
    const result = await verifyAuditChain(db, trusted);
    if (!result.ok) {
      console.error(
        `audit: BROKEN at ${result.brokenAtSeq !== null ? `link ${result.brokenAtSeq}` : `event ${result.brokenAtId}`}: ${result.reason}`,
      );
      process.exitCode = 1;
    } else
      console.log(
        `audit: intact: ${result.checked} sealed events, ${result.checkpoints} signed checkpoints` +
          `${exported ? `, exported checkpoint at link ${exported.lastSeq} matches` : ", no exported checkpoint found"}` +
          `; ${result.unsealed} events not sealed yet`,
      );
  } catch (error) {
    console.error(
      `audit: could not verify (${(error as Error).message}). Set DATABASE_URL, or run it while \`npm start\` runs.`,
    );
    process.exitCode = 2;
  } finally {
    await close();
  }
}
