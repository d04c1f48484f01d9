import { ChangePasswordForm } from "./change-password-form";

/** The account page; the console shows it in place of any page while a reset is forced. */
export function AccountView({ name, email, forced }: { name: string; email: string; forced: boolean }) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 md:p-8">
      <div>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          {name} · {email}
        </p>
      </div>
      <section aria-labelledby="password-heading" className="rounded-xl border bg-card p-6">
        <h2 id="password-heading" className="text-base font-semibold">
          {forced ? "Choose a new password to continue" : "Change your password"}
        </h2>
        <p className="mt-1 mb-5 text-sm text-muted-foreground">
          {forced
            ? "An administrator asked you to choose a new password. Until you do, nothing else in the console is available."
            : "Every session of yours ends when the password changes, this one too: you sign in again with the new password."}
        </p>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
