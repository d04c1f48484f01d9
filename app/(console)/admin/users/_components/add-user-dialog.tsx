"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { Role } from "@/contracts/permissions";
import { createUserInput, minimumPasswordLength } from "@/contracts/user-inputs";
import { RoleSelect } from "./role-select";

type Values = { name: string; email: string; role: Role; password: string };
type FieldErrors = Partial<Record<keyof Values, string>>;

const emptyValues: Values = { name: "", email: "", role: "reviewer", password: "" };

/** The input to send, or the first message per field, from the same schema the server checks. */
function parseValues(values: Values) {
  const parsed = createUserInput.safeParse(values);
  if (parsed.success) return { input: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && field in values) errors[field as keyof Values] ??= issue.message;
  }
  return { input: null, errors };
}

/**
 * Adds a user with an initial password. What was typed stays in the form until the user is
 * created, so a refused email or a network error never costs the admin their input.
 */
export function AddUserDialog({ onCreated }: { onCreated: (user: { name: string; role: Role }) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(emptyValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: async (user) => {
        setOpen(false);
        setValues(emptyValues);
        onCreated(user);
        await queryClient.invalidateQueries(trpc.user.list.queryFilter());
      },
    }),
  );

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };
  const fieldProps = (field: keyof Values) => ({
    id: `new-user-${field}`,
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `new-user-${field}-error` : undefined,
  });
  const fieldError = (field: keyof Values) =>
    errors[field] ? (
      <p id={`new-user-${field}-error`} className="text-sm text-destructive">
        {errors[field]}
      </p>
    ) : null;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) create.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm">
          <UserPlusIcon aria-hidden="true" />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Add user</DialogTitle>
          <DialogDescription>
            They sign in with this email and the initial password you choose. Their role decides what they can
            see and do.
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            const { input, errors } = parseValues(values);
            setErrors(errors);
            if (input) create.mutate(input);
          }}
        >
          {create.error ? (
            <Alert variant="destructive">
              <AlertDescription>{create.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <div className="space-y-1.5">
            <Label htmlFor="new-user-name">Name</Label>
            <Input
              {...fieldProps("name")}
              autoComplete="off"
              value={values.name}
              onChange={(e) => set("name", e.target.value)}
            />
            {fieldError("name")}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="new-user-email">Email</Label>
            <Input
              {...fieldProps("email")}
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={values.email}
              onChange={(e) => set("email", e.target.value)}
            />
            {fieldError("email")}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="new-user-role">Role</Label>
            <RoleSelect
              id="new-user-role"
              className="w-40"
              value={values.role}
              onChange={(role) => set("role", role)}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="new-user-password">Initial password</Label>
            <Input
              {...fieldProps("password")}
              type="password"
              autoComplete="new-password"
              value={values.password}
              onChange={(e) => set("password", e.target.value)}
              aria-describedby={
                errors.password ? "new-user-password-error new-user-password-hint" : "new-user-password-hint"
              }
            />
            {fieldError("password")}
            <p id="new-user-password-hint" className="text-xs text-muted-foreground">
              At least {minimumPasswordLength} characters. Pass it on through a channel only they can read.
            </p>
          </div>
          <DialogFooter>
            <Button
              type="button"
              variant="outline"
              onClick={() => {
                setOpen(false);
                setValues(emptyValues);
                setErrors({});
              }}
            >
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
