"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDate, formatDateTime, timeAgo } from "@/components/format";
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
import { keyChannelInfo } from "@/components/channels/key-channels";
import { keyChannels } from "@/contracts/message-input";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { NoticeAlert, type Notice } from "@/components/app-shell/notice-alert";

type Key = { id: string; name: string };

/**
 * The keys other systems post to the channels with: where each may post, whether its senders are
 * believed, who made it, when it was last used, and revoking it. The Channels page links here.
 */
export function ApiKeysCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: keys } = useSuspenseQuery(trpc.user.listApiKeys.queryOptions());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [toRevoke, setToRevoke] = useState<Key | null>(null);
  const revoke = useMutation(
    trpc.user.revokeApiKey.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.user.listApiKeys.queryFilter()),
    }),
  );
  const revokeKey = (key: Key) =>
    revoke.mutate(
      { apiKeyId: key.id },
      {
        onSuccess: () =>
          setNotice({
            tone: "success",
            title: "API key revoked",
            text: `Requests with “${key.name}” are refused from now on.`,
          }),
        onError: (error) =>
          setNotice({ tone: "destructive", title: `Could not revoke “${key.name}”`, text: error.message }),
      },
    );

  return (
    <Card id="api-keys" className="scroll-mt-6">
      <CardHeader>
        <CardTitle>
          <h2>API keys</h2>
        </CardTitle>
        <CardDescription>
          For systems that post customer messages to the API, email and ticket channels: each key may post
          only to its channels.
        </CardDescription>
        <CardAction>
          <CreateApiKeyDialog />
        </CardAction>
      </CardHeader>
      <CardContent className="space-y-4">
        <NoticeAlert notice={notice} onDismiss={() => setNotice(null)} />
        <div className="rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Channels</TableHead>
                <TableHead>Senders</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead className="w-48">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7} className="py-8 text-center text-muted-foreground">
                    No API keys yet.
                  </TableCell>
                </TableRow>
              ) : null}
              {keys.map((key) => (
                <TableRow key={key.id} data-testid="api-key-row">
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs text-muted-foreground">
                    cdk_{key.prefix}_…
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {keyChannels
                        .filter((channel) => key.channels.includes(channel))
                        .map((channel) => (
                          <Badge key={channel} variant="outline">
                            {keyChannelInfo[channel].label}
                          </Badge>
                        ))}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {key.trustedSender ? (
                      <Badge variant="secondary">Trusted</Badge>
                    ) : (
                      <span className="text-muted-foreground">Not trusted</span>
                    )}
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    <span title={formatDateTime(key.createdAt)}>{formatDate(key.createdAt)}</span>
                    <div className="text-xs">by {key.createdByName ?? "setup"}</div>
                  </TableCell>
                  <TableCell className="text-muted-foreground">
                    {key.lastUsedAt ? (
                      <span title={formatDateTime(key.lastUsedAt)}>{timeAgo(key.lastUsedAt)}</span>
                    ) : (
                      "Never"
                    )}
                  </TableCell>
                  <TableCell>
                    {key.revokedAt ? (
                      <Badge variant="outline" title={formatDateTime(key.revokedAt)}>
                        Revoked {formatDate(key.revokedAt)}
                      </Badge>
                    ) : (
                      <div className="flex items-center gap-2">
                        <Badge variant="secondary">Active</Badge>
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={revoke.isPending}
                          onClick={() => setToRevoke(key)}
                        >
                          Revoke<span className="sr-only"> key {key.name}</span>
                        </Button>
                      </div>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </CardContent>

      <AlertDialog open={toRevoke !== null} onOpenChange={(open) => (open ? null : setToRevoke(null))}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke “{toRevoke?.name}”?</AlertDialogTitle>
            <AlertDialogDescription>
              Every request that uses this key is refused from now on. This cannot be undone: a system that
              still needs access gets a new key.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              onClick={() => {
                if (toRevoke) revokeKey(toRevoke);
                setToRevoke(null);
              }}
            >
              Revoke
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Card>
  );
}
