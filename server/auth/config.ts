import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { bumpSessionVersion, getUserByEmail, getUserById } from "@/db/queries/users";
import { safeRedirectPath } from "@/contracts/safe-redirect";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../observability/logger";
import { dummyPasswordHash, verifyPassword } from "./password";

// computed once when the web process starts, so the first unknown account costs no more than later ones
void dummyPasswordHash();

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address"),
  password: z.string().min(1, "Enter your password").max(256, "The password is longer than 256 characters"),
});

/**
 * The JWT carries the user id and the session version it was signed in at. Role and enabled state
 * are read from the database on every request (server/auth/session.ts), and a session whose
 * version is no longer the user's (signed out, password or role changed, disabled) is over.
 * Sign-in attempts are counted and limited before they reach here (app/api/auth/[...nextauth]).
 */
export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const user = await getUserByEmail(getDb(), parsed.data.email);
        // an unknown account is checked against a hash with the real parameters: same cost
        const valid = await verifyPassword(
          parsed.data.password,
          user?.passwordHash ?? (await dummyPasswordHash()),
        );
        if (!user || !valid || user.disabledAt) {
          logger.info({ email: parsed.data.email }, "sign-in refused");
          return null;
        }
        logger.info({ userId: user.id }, "signed in");
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        const sessionUser = session.user as { id?: string; sv?: number };
        sessionUser.id = token.sub;
        sessionUser.sv = typeof token.sv === "number" ? token.sv : 0;
      }
      return session;
    },
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeRedirectPath(url, baseUrl) ?? "/queue"}`;
    },
  },
  events: {
    // signing out ends every session of the user, not just this cookie
    async signOut({ token }) {
      const userId = token?.sub;
      if (!userId) return;
      const user = await getUserById(getDb(), userId);
      if (user && token.sv === user.sessionVersion) await bumpSessionVersion(getDb(), user.id);
    },
  },
};
