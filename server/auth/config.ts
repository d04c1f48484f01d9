import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getUserByEmail } from "@/db/queries/users";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../observability/logger";
import { verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(256),
});

/**
 * The JWT only carries the user id. Role and enabled state are read from the database on every
 * request (server/auth/session.ts), so a disabled user or a changed role takes effect at once.
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
        // verify even when the user is missing or disabled, so timing does not reveal which
        const valid = await verifyPassword(
          parsed.data.password,
          user?.passwordHash ?? "scrypt$16384$8$1$AAAA$AAAA",
        );
        if (!user || !valid || user.disabledAt) {
          logger.info({ email: parsed.data.email }, "sign-in refused");
          return null;
        }
        logger.info({ userId: user.id }, "signed in");
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
