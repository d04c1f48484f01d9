import { ImapFlow, type ImapFlowError } from "imapflow";
import { logger } from "../../observability/logger";

/** Where and how to sign in: a stored mailbox, or the console's form before it is saved. */
export type ImapEndpoint = {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
};

/**
 * An imapflow client that gives up on a silent server: connecting, the greeting and every answer
 * after it each get `timeoutMs`. No IDLE (we poll), and its logs go to ours, quiet unless we debug.
 */
export function createImapClient(endpoint: ImapEndpoint, options: { timeoutMs: number }): ImapFlow {
  const log = logger.child(
    { component: "imapflow", mailbox: endpoint.name },
    { level: logger.isLevelEnabled("debug") ? logger.level : "warn" },
  );
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    auth: { user: endpoint.username, pass: endpoint.password },
    logger: log,
    disableAutoIdle: true,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  // Without a listener an 'error' event would end the process; the failed command rejects anyway.
  client.on("error", (error: Error) => log.warn({ err: error }, "imap connection error"));
  return client;
}

/** Closes without waiting for the server: used when the connection may already be broken. */
export function closeQuietly(client: ImapFlow): void {
  try {
    client.close();
  } catch {
    // already closed
  }
}

/** Signs out politely when the connection still works, else just closes it. */
export async function signOut(client: ImapFlow): Promise<void> {
  if (!client.usable) return closeQuietly(client);
  await client.logout().catch(() => closeQuietly(client));
}

/** The step of a poll or a connection test that failed, so the error can say what was being done. */
export type ImapStep = "connect" | "open" | "list" | "fetch" | "flag" | "move" | "create";

const stepWords: Record<ImapStep, string> = {
  connect: "connect and sign in",
  open: "open the folder",
  list: "list new messages",
  fetch: "download messages",
  flag: "flag stored messages",
  move: "move stored messages",
  create: "create the folder for processed mail",
};

/** An IMAP failure, its message written for the admin who has to fix it. */
export class ImapStepError extends Error {
  constructor(
    readonly step: ImapStep,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "ImapStepError";
  }
}

/** Runs one IMAP step, turning whatever it throws into an ImapStepError that says what happened. */
export async function imapStep<T>(
  step: ImapStep,
  context: { endpoint: ImapEndpoint; folder?: string; timeoutMs: number },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImapStepError) throw error;
    throw new ImapStepError(step, `Could not ${stepWords[step]}: ${explainImapError(error, context)}`, {
      cause: error,
    });
  }
}

function asImapError(error: unknown): ImapFlowError {
  return error instanceof Error ? error : new Error(String(error));
}

/** One sentence for a person: what the server or the network did, and what to check. */
export function explainImapError(
  error: unknown,
  context: { endpoint: ImapEndpoint; folder?: string; timeoutMs: number },
): string {
  const e = asImapError(error);
  const { host, port, username } = context.endpoint;
  const where = `${host}:${port}`;
  const said = e.responseText ? ` The server said: ${e.responseText.slice(0, 300)}` : "";
  const code = e.code ?? "";
  if (e.authenticationFailed || e.serverResponseCode === "AUTHENTICATIONFAILED")
    return `the server refused the username ${username} or its password.${said}`;
  if (
    e.mailboxMissing ||
    (context.folder && e.responseStatus === "NO" && /exist/i.test(e.responseText ?? ""))
  )
    return `there is no folder named "${context.folder ?? ""}".${said}`;
  if (code === "ECONNREFUSED") return `nothing accepts connections at ${where} (connection refused).`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `the host name ${host} does not resolve.`;
  if (["ETIMEOUT", "ETIMEDOUT", "CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT"].includes(code))
    return `${where} did not answer within ${
      context.timeoutMs < 1000 ? `${context.timeoutMs} ms` : `${Math.round(context.timeoutMs / 1000)} s`
    }.`;
  if (
    e.tlsFailed ||
    code.startsWith("ERR_SSL") ||
    code.startsWith("ERR_TLS") ||
    /certificate|ssl|tls/i.test(e.message)
  )
    return `the TLS connection to ${where} failed (${e.message.split("\n")[0]?.slice(0, 200) ?? ""}). Port 993 uses TLS from the start; port 143 usually does not.`;
  if (
    [
      "NoConnection",
      "EConnectionClosed",
      "ClosedAfterConnectText",
      "ClosedAfterConnectTLS",
      "ECONNRESET",
      "EPIPE",
    ].includes(code)
  )
    return `the server closed the connection${e.reason ? ` (${e.reason})` : ""}.`;
  if (e.responseStatus === "NO" || e.responseStatus === "BAD")
    return `the server answered ${e.responseStatus}.${said || ` (${e.message})`}`;
  return `${e.message.slice(0, 300)}${code ? ` (${code})` : ""}.`;
}
