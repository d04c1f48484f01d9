import { randomUUID } from "node:crypto";
import { can, type Permission } from "@/contracts/permissions";
import { AppError, isAppError } from "../errors";
import { logger } from "../observability/logger";
import type { SessionUser } from "./session";

/**
 * The check a console route handler (a download, an upload) makes itself, as tRPC's
 * `permissionProcedure` does for procedures: signed in, not held at a forced password change,
 * and the role allows it. Throws the AppError the route answers with.
 */
export function assertCan(user: SessionUser | null, permission: Permission): SessionUser {
  if (!user) throw new AppError("UNAUTHORIZED", "Sign in to continue.");
  if (user.mustChangePassword)
    throw new AppError("FORBIDDEN", "An administrator asked you to choose a new password first (Account).");
  if (!can(user.role, permission))
    throw new AppError("FORBIDDEN", `Your role (${user.role}) does not allow this (${permission}).`);
  return user;
}

/**
 * A console route handler's envelope: the permission checked first, a refusal as JSON
 * `{ error, message }` with its status, and a 500 only for our own failure (logged, never shown).
 */
export async function handleConsoleRequest(
  params: { route: string; user: SessionUser | null; permission: Permission },
  handle: (context: { user: SessionUser; log: typeof logger }) => Promise<Response>,
): Promise<Response> {
  const log = logger.child({ requestId: randomUUID(), route: params.route, userId: params.user?.id });
  const headers = { "cache-control": "no-store" };
  try {
    const user = assertCan(params.user, params.permission);
    return await handle({ user, log });
  } catch (error) {
    if (isAppError(error) && error.httpStatus < 500)
      return Response.json(
        { error: error.code.toLowerCase(), message: error.message },
        { status: error.httpStatus, headers },
      );
    log.error({ err: error }, "console request failed");
    return Response.json(
      {
        error: "internal",
        message: "Something went wrong on our side. It has been logged; please try again.",
      },
      { status: 500, headers },
    );
  }
}
