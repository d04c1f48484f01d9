"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate, formatDateTime, humanize } from "@/components/format";
import { useTRPC } from "@/components/trpc";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Role } from "@/contracts/permissions";
import { AddUserDialog } from "./add-user-dialog";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";
import { RoleSelect } from "./role-select";

type Person = { id: string; name: string; email: string };

/**
 * Everyone who can sign in: change a role, disable or enable an account, add a user. The server
 * refuses demoting or disabling yourself; the controls are disabled for your own row to match.
 */
export function UsersCard({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: users } = useSuspenseQuery(trpc.user.list.queryOptions());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [toDisable, setToDisable] = useState<Person | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.user.list.queryFilter());
  const setRole = useMutation(trpc.user.setRole.mutationOptions({ onSettled: refresh }));
  const setDisabled = useMutation(trpc.user.setDisabled.mutationOptions({ onSettled: refresh }));

  const report = (success: Omit<Notice, "tone">, failureTitle: string) => ({
    onSuccess: () => setNotice({ tone: "success", ...success }),
    onError: (error: { message: string }) =>
      setNotice({ tone: "destructive", title: failureTitle, text: error.message }),
  });
  const changeRole = (person: Person, role: Role) =>
    setRole.mutate(
      { userId: person.id, role },
      report(
        {
          title: "Role changed",
          text: `${person.name} is now ${humanize(role)}; they are signed out and sign in again with it.`,
        },
        `Could not change the role of ${person.name}`,
      ),
    );
  const changeDisabled = (person: Person, disabled: boolean) =>
    setDisabled.mutate(
      { userId: person.id, disabled },
      report(
        disabled
          ? { title: "User disabled", text: `${person.name} is signed out and can no longer sign in.` }
          : { title: "User enabled", text: `${person.name} can sign in again.` },
        `Could not ${disabled ? "disable" : "enable"} ${person.name}`,
      ),
    );
  // While a role change is on its way, show the chosen role rather than snapping back to the old one.
  const shownRole = (user: { id: string; role: Role }) =>
    setRole.isPending && setRole.variables.userId === user.id ? setRole.variables.role : user.role;

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>People</h2>
        </CardTitle>
        <CardDescription>
          Roles and disabled accounts take effect on the person&apos;s next request.
        </CardDescription>
        <CardAction>
          <AddUserDialog
            onCreated={(user) =>
              setNotice({
                tone: "success",
                title: "User added",
                text: `${user.name} can now sign in as ${humanize(user.role)} with the password you chose.`,
              })
            }
          />
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-4">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead className="w-40">Role</TableHead>
                <TableHead className="w-48">Status</TableHead>
                <TableHead className="w-32">Created</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.map((user) => {
                const isSelf = user.id === currentUserId;
                return (
                  <TableRow key={user.id} data-testid="user-row">
                    <TableCell className="font-medium">
                      {user.name}
                      {isSelf ? (
                        <Badge variant="secondary" className="ml-2">
                          You
                        </Badge>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-muted-foreground">{user.email}</TableCell>
                    <TableCell>
                      <RoleSelect
                        aria-label={`Role for ${user.email}`}
                        className="w-32"
                        value={shownRole(user)}
                        disabled={isSelf || setRole.isPending}
                        title={isSelf ? "You cannot change your own role; ask another admin." : undefined}
                        onChange={(role) => changeRole(user, role)}
                      />
                    </TableCell>
                    <TableCell>
                      <div className="flex items-center gap-2">
                        {user.disabledAt ? (
                          <Badge variant="outline" title={`Disabled ${formatDateTime(user.disabledAt)}`}>
                            Disabled
                          </Badge>
                        ) : (
                          <Badge variant="secondary">Active</Badge>
                        )}
                        {isSelf ? null : user.disabledAt ? (
                          <Button
                            size="sm"
                            variant="outline"
                            disabled={setDisabled.isPending}
                            onClick={() => changeDisabled(user, false)}
                          >
                            Enable<span className="sr-only"> {user.email}</span>
                          </Button>
                        ) : (
                          <Button
                            size="sm"
                            variant="ghost"
                            disabled={setDisabled.isPending}
                            onClick={() => setToDisable(user)}
                          >
                            Disable<span className="sr-only"> {user.email}</span>
                          </Button>
                        )}
                      </div>
                    </TableCell>
                    <TableCell className="text-muted-foreground" title={formatDateTime(user.createdAt)}>
                      {formatDate(user.createdAt)}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      </CardContent>

      <AlertDialog open={toDisable !== null} onOpenChange={(open) => (open ? null : setToDisable(null))}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Disable {toDisable?.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              {toDisable?.email} is signed out on their next request and can no longer sign in. What they did
              stays in the audit trail, and you can enable the account again at any time.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              onClick={() => {
                if (toDisable) changeDisabled(toDisable, true);
                setToDisable(null);
              }}
            >
              Disable
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
