import { initTRPC, TRPCError } from "@trpc/server";
import type { PgBoss } from "pg-boss";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import type { Actor } from "../audit/append";
import type { SessionUser } from "../auth/session";
import { can, type Permission } from "@/contracts/permissions";
import { AppError } from "../errors";
import type { Logger } from "../observability/logger";

export type TrpcContext = {
  db: Db;
  /**
   * The queue, started on first use: services that change state enqueue their follow-up jobs in
   * the same transaction (an approval's customer notice goes out at once, not at the next sweep).
   */
  getBoss: () => Promise<PgBoss>;
  user: SessionUser | null;
  log: Logger;
  requestId: string;
};

const trpcCodes = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const;

/**
 * Who may call a procedure, declared by its base procedure: anyone, anyone signed in, or a role
 * with this permission. The role matrix test (server/routers/role-matrix.test.ts) reads it.
 */
export type ProcedureMeta = { access: "public" | "signed_in" | Permission };

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // Errors are mapped once, here: AppError keeps its code and message, validation errors list the
    // fields, anything else becomes a generic message (details go to the log, never to the browser).
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const isZod = cause instanceof ZodError;
      const known = cause instanceof AppError || isZod || error.code !== "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: isZod
          ? cause.issues
              .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
              .join("; ")
          : known
            ? shape.message
            : "Something went wrong on our side. It has been logged; please try again.",
        data: {
          ...shape.data,
          stack: undefined,
          details: cause instanceof AppError ? (cause.details ?? null) : null,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

const errorMapping = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
    }
  }
  return result;
});

export const publicProcedure = t.procedure.meta({ access: "public" }).use(errorMapping);

/** Signed in, enabled (checked against the database on this request). */
export const protectedProcedure = publicProcedure.meta({ access: "signed_in" }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const actor: Extract<Actor, { type: "user" }> = {
    type: "user",
    id: ctx.user.id,
    label: `${ctx.user.name} <${ctx.user.email}>`,
  };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

/** The real authorization check: every procedure declares the permission it needs. */
export function permissionProcedure(permission: Permission) {
  return protectedProcedure.meta({ access: permission }).use(({ ctx, next }) => {
    if (ctx.user.mustChangePassword)
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "An administrator asked you to choose a new password first (Account).",
      });
    if (!can(ctx.user.role, permission)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role (${ctx.user.role}) does not allow this (${permission}).`,
      });
    }
    return next();
  });
}
