import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

// When our output goes to a pipe that closes first (`npm start | tee log`, then Ctrl-C kills
// tee), writing must not crash us before the children and Postgres have been stopped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const useColor = Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env);

const colors = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
} as const;

export type Color = keyof typeof colors;

export function paint(color: Color, text: string): string {
  return useColor ? `\u001b[${colors[color]}m${text}\u001b[0m` : text;
}

export function bold(text: string): string {
  return useColor ? `\u001b[1m${text}\u001b[22m` : text;
}

/** Logs from the orchestrating script itself, so they stand apart from child output. */
export function say(message: string): void {
  process.stdout.write(`${paint("gray", "[changedesk]")} ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`${paint("yellow", "[changedesk]")} ${message}\n`);
}

export function fail(message: string): void {
  process.stderr.write(`${paint("red", "[changedesk]")} ${message}\n`);
}

/** Copies a child's output line by line, each line prefixed (e.g. "[web]"). */
export function pipeWithPrefix(
  stream: Readable | null,
  prefix: string,
  color: Color,
  target: NodeJS.WriteStream,
) {
  if (!stream) return;
  const label = paint(color, prefix);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on("line", (line) => {
    target.write(`${label} ${line}\n`);
  });
}
