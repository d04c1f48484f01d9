"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { changePasswordInput, minimumPasswordLength } from "@/contracts/user-inputs";

type Field = "currentPassword" | "newPassword";

/**
 * Changes the signed-in person's password. Every session of theirs ends with it, this one too, so
 * they sign in again with the new password.
 */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirm: "" });
  const [errors, setErrors] = useState<Partial<Record<Field | "confirm", string>>>({});
  const change = useMutation(
    trpc.user.changePassword.mutationOptions({
      onSuccess: () => void signOut({ callbackUrl: "/sign-in" }),
    }),
  );

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = changePasswordInput.safeParse(values);
    const next: typeof errors = {};
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        next[field] ??= issue.message;
      }
    if (values.newPassword !== values.confirm) next.confirm = "The two new passwords differ";
    setErrors(next);
    if (parsed.success && !next.confirm) change.mutate(parsed.data);
  }

  const field = (name: Field | "confirm", label: string, autoComplete: string, hint?: string) => (
    <div className="flex flex-col gap-2">
      <Label htmlFor={`password-${name}`}>{label}</Label>
      <Input
        id={`password-${name}`}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={
          errors[name] ? `password-${name}-error` : hint ? `password-${name}-hint` : undefined
        }
        onChange={(event) => {
          const value = event.target.value;
          setValues((previous) => ({ ...previous, [name]: value }));
          setErrors((previous) => ({ ...previous, [name]: undefined }));
        }}
      />
      {errors[name] ? (
        <p id={`password-${name}-error`} className="text-sm text-destructive">
          {errors[name]}
        </p>
      ) : hint ? (
        <p id={`password-${name}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={submit} className="flex max-w-sm flex-col gap-4">
      {change.error ? (
        <Alert variant="destructive">
          <AlertDescription>{change.error.message}</AlertDescription>
        </Alert>
      ) : null}
      {field("currentPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password", `At least ${minimumPasswordLength} characters.`)}
      {field("confirm", "New password again", "new-password")}
      <Button type="submit" disabled={change.isPending || change.isSuccess} className="self-start">
        {change.isSuccess ? "Signing you out…" : change.isPending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
