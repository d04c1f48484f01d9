"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/**
 * Accounts and client addresses locked after repeated failed sign-ins, with lifting a lock, and
 * forcing a password reset (the person's sessions end; their next sign-in must choose a new one).
 */
export function SignInLocksCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: locks } = useSuspenseQuery(trpc.user.signInLocks.queryOptions());
  const { data: users } = useSuspenseQuery(trpc.user.list.queryOptions());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [resetEmail, setResetEmail] = useState("");
  const lift = useMutation(
    trpc.user.liftSignInLock.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.user.signInLocks.queryFilter()),
      onSuccess: ({ key }) =>
        setNotice({ tone: "success", title: "Lock lifted", text: `${key} can sign in again.` }),
      onError: (error) =>
        setNotice({ tone: "destructive", title: "Could not lift the lock", text: error.message }),
    }),
  );
  const reset = useMutation(
    trpc.user.forcePasswordReset.mutationOptions({
      onSuccess: () => {
        setNotice({
          tone: "success",
          title: "Password reset forced",
          text: `${resetEmail} is signed out and must choose a new password at their next sign-in.`,
        });
        setResetEmail("");
      },
      onError: (error) =>
        setNotice({ tone: "destructive", title: "Could not force a reset", text: error.message }),
    }),
  );
  const resetTarget = users.find((user) => user.email === resetEmail.trim().toLowerCase());

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Sign-in locks and resets</h2>
        </CardTitle>
        <CardDescription>
          After 5 failed sign-ins an account or address waits longer before each try, and after 10 it is
          locked for 15 minutes. Locks are audited.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        {notice ? <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} /> : null}
        {locks.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing is locked now.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Locked</TableHead>
                  <TableHead>Failed tries</TableHead>
                  <TableHead>Until</TableHead>
                  <TableHead>
                    <span className="sr-only">Action</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {locks.map((lock) => (
                  <TableRow key={lock.key}>
                    <TableCell>
                      <span className="text-muted-foreground">
                        {lock.kind === "account" ? "Account " : "Address "}
                      </span>
                      <span className="font-medium break-all">{lock.subject}</span>
                    </TableCell>
                    <TableCell className="tabular-nums">{lock.failures}</TableCell>
                    <TableCell>{lock.lockedUntil ? formatDateTime(lock.lockedUntil) : "—"}</TableCell>
                    <TableCell className="text-right">
                      <Button
                        size="sm"
                        variant="outline"
                        disabled={lift.isPending}
                        onClick={() => lift.mutate({ key: lock.key })}
                      >
                        Lift lock<span className="sr-only"> on {lock.subject}</span>
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            if (resetTarget) reset.mutate({ userId: resetTarget.id });
            else
              setNotice({
                tone: "destructive",
                title: "No such user",
                text: `Nobody signs in as "${resetEmail}".`,
              });
          }}
        >
          <div className="flex flex-1 flex-col gap-2">
            <Label htmlFor="force-reset-email">Force a password reset for</Label>
            <Input
              id="force-reset-email"
              type="email"
              list="force-reset-users"
              placeholder="name@company.com"
              value={resetEmail}
              onChange={(event) => setResetEmail(event.target.value)}
            />
            <datalist id="force-reset-users">
              {users.map((user) => (
                <option key={user.id} value={user.email} />
              ))}
            </datalist>
          </div>
          <Button type="submit" variant="outline" disabled={reset.isPending || resetEmail.trim() === ""}>
            Force reset
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
