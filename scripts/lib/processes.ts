import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { closeSync, openSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pipeWithPrefix, type Color } from "./log";
import { projectRoot } from "./paths";

const require = createRequire(import.meta.url);

/**
 * The entry script of a package's command, resolved like `npx` would but run without a shell in
 * between, so signals reach the tool itself.
 */
export function resolveBin(packageName: string, command: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[command];
  if (!relative) throw new Error(`${packageName} has no "${command}" command`);
  return path.join(path.dirname(manifestPath), relative);
}

export const bin = {
  next: () => resolveBin("next", "next"),
  tsc: () => resolveBin("typescript", "tsc"),
  eslint: () => resolveBin("eslint", "eslint"),
  prettier: () => resolveBin("prettier", "prettier"),
  vitest: () => resolveBin("vitest", "vitest"),
  playwright: () => resolveBin("@playwright/test", "playwright"),
};

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  exited: Promise<ExitStatus>;
  hasExited(): boolean;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** "[web]"-style prefix for each output line; without it output is inherited as is. */
  prefix?: string;
  color?: Color;
  /** Send stdout and stderr to this file instead (appended). */
  logFile?: string;
}

/** Runs a Node script with the same Node binary as this process (Node 22 from the project). */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): ManagedChild {
  const logFd = options.logFile ? openSync(options.logFile, "a") : undefined;
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: options.env ?? process.env,
    stdio:
      logFd !== undefined
        ? ["ignore", logFd, logFd]
        : options.prefix
          ? ["ignore", "pipe", "pipe"]
          : ["ignore", "inherit", "inherit"],
  });
  // The child has its own copy of the descriptor now.
  if (logFd !== undefined) closeSync(logFd);
  if (options.prefix && logFd === undefined) {
    pipeWithPrefix(child.stdout, options.prefix, options.color ?? "cyan", process.stdout);
    pipeWithPrefix(child.stderr, options.prefix, options.color ?? "cyan", process.stderr);
  }
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`[${name}] could not start: ${error.message}\n`);
      done = true;
      resolve({ code: 1, signal: null });
    });
    child.on("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return { name, process: child, exited, hasExited: () => done };
}

/** Runs a Node script to completion and returns its exit code. */
export async function runNode(name: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  const status = await spawnNode(name, args, options).exited;
  return status.code ?? 1;
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ManagedChild, graceMs = 15_000): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill("SIGTERM");
  const timedOut = Symbol("timeout");
  const result = await Promise.race([child.exited, sleep(graceMs).then(() => timedOut)]);
  if (result === timedOut && !child.hasExited()) {
    process.stderr.write(`[${child.name}] did not stop within ${graceMs / 1000}s; killing it\n`);
    child.process.kill("SIGKILL");
    await child.exited;
  }
}

export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? "?"}`;
}

/**
 * Polls `url` until it answers 200. Returns false on timeout or as soon as `child` (the server
 * being waited for) exits.
 */
export async function waitForOk(url: string, child: ManagedChild, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !child.hasExited()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

/** Whether nothing listens on `port` (on any interface, as `next start` binds). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(false);
      else reject(error);
    });
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}
