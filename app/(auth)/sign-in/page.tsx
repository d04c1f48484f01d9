import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { Brand } from "@/components/app-shell/brand";
import { getServerAuthSession } from "@/server/auth/session";

import { safeRedirectPath } from "@/contracts/safe-redirect";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  // next-auth sends people back here with ?error=... when its own sign-in flow fails
  const failed = typeof params.error === "string";

  const session = await getServerAuthSession();
  if (session) redirect(safeRedirectPath(callbackUrl) ?? "/queue");

  return (
    <main className="relative flex min-h-dvh flex-col items-center justify-center overflow-hidden bg-background px-4 py-12">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[radial-gradient(ellipse_60%_50%_at_50%_0%,color-mix(in_oklch,var(--primary)_9%,transparent),transparent)]"
      />
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-0 bg-[linear-gradient(to_right,var(--border)_1px,transparent_1px),linear-gradient(to_bottom,var(--border)_1px,transparent_1px)] [mask-image:radial-gradient(ellipse_70%_60%_at_50%_40%,black,transparent)] bg-[size:32px_32px] opacity-50"
      />
      <div className="relative flex w-full max-w-sm flex-col items-center">
        <Brand size="lg" />
        <p className="mt-3 text-center text-sm text-balance text-muted-foreground">
          Review, apply and audit the record changes your customers ask for.
        </p>
        <div className="mt-8 w-full rounded-xl border bg-card p-6 shadow-sm">
          <h1 className="text-base font-semibold">Sign in</h1>
          <p className="mt-1 text-sm text-muted-foreground">Use your work email and password.</p>
          <SignInForm callbackUrl={callbackUrl} initiallyFailed={failed} className="mt-5" />
        </div>
        <p className="mt-6 text-center text-xs text-muted-foreground">
          No account, or locked out? Ask your Changedesk administrator.
        </p>
      </div>
    </main>
  );
}
