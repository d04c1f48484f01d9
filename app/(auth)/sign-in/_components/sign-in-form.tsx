"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { CircleAlertIcon, LoaderCircleIcon } from "lucide-react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/components/ui/utils";

import { safeRedirectPath } from "@/contracts/safe-redirect";

const credentialsError = "Email or password is incorrect, or the account is disabled.";
const throttledError =
  "Too many failed sign-ins for this account or address. Wait a few minutes, or ask an administrator to lift the lock.";
const invalidError = "Enter your email address and password.";
const networkError = "Changedesk could not be reached. Check your connection and try again.";

export function SignInForm({
  callbackUrl,
  initiallyFailed = false,
  className,
}: {
  callbackUrl?: string;
  initiallyFailed?: boolean;
  className?: string;
}) {
  const router = useRouter();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(initiallyFailed ? credentialsError : null);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const emailEntry = form.get("email");
    const passwordEntry = form.get("password");
    const email = typeof emailEntry === "string" ? emailEntry.trim() : "";
    const password = typeof passwordEntry === "string" ? passwordEntry : "";

    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { redirect: false, email, password });
      if (!result || result.error || !result.ok) {
        setError(
          result?.status === 429 ? throttledError : result?.status === 400 ? invalidError : credentialsError,
        );
        setPending(false);
        if (passwordRef.current) {
          passwordRef.current.value = "";
          passwordRef.current.focus();
        }
        return;
      }
      // stay "pending" while the console loads, so the button cannot be pressed twice
      router.replace(safeRedirectPath(callbackUrl, window.location.origin) ?? "/queue");
      router.refresh();
    } catch {
      setError(networkError);
      setPending(false);
    }
  }

  const invalid = error === credentialsError;

  return (
    <form onSubmit={(event) => void handleSubmit(event)} className={cn("flex flex-col gap-4", className)}>
      {error ? (
        <Alert variant="destructive" id="sign-in-error">
          <CircleAlertIcon aria-hidden="true" />
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <div className="flex flex-col gap-2">
        <Label htmlFor="sign-in-email">Email</Label>
        <Input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "sign-in-error" : undefined}
        />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="sign-in-password">Password</Label>
        <Input
          ref={passwordRef}
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? "sign-in-error" : undefined}
        />
      </div>
      <Button type="submit" className="mt-1 w-full" disabled={pending}>
        {pending ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : null}
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
