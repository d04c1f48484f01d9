import pino from "pino";
import { env } from "../env";

/** Structured logs. Child loggers carry `requestId` (web) and `jobId` / `queue` (worker). */
export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "changedesk" },
  redact: {
    paths: ["password", "*.password", "apiKey", "*.apiKey", "authorization", "*.authorization"],
    remove: true,
  },
});

export type Logger = typeof logger;
