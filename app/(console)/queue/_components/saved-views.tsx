"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { BookmarkIcon, TrashIcon } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useQueueFilter } from "./use-queue-filter";

/** Named filters of the signed-in person: pick one to apply it, or save the current filters under a name. */
export function SavedViews() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { query, setFilter } = useQueueFilter();
  const { data: views } = useSuspenseQuery(trpc.review.views.queryOptions());
  const [saveOpen, setSaveOpen] = useState(false);
  const [name, setName] = useState("");
  const invalidate = () => queryClient.invalidateQueries(trpc.review.views.pathFilter());
  const save = useMutation(
    trpc.review.saveView.mutationOptions({
      onSuccess: async () => {
        setSaveOpen(false);
        setName("");
        await invalidate();
      },
    }),
  );
  const remove = useMutation(trpc.review.deleteView.mutationOptions({ onSuccess: invalidate }));
  const current = JSON.stringify(query);

  return (
    <div className="flex items-center gap-2">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" data-testid="saved-views">
            <BookmarkIcon aria-hidden="true" />
            Views{views.length ? ` (${views.length})` : ""}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-56">
          <DropdownMenuLabel>Saved views</DropdownMenuLabel>
          {views.length === 0 ? <p className="px-2 py-1.5 text-sm text-muted-foreground">None yet</p> : null}
          {views.map((view) => (
            <div key={view.id} className="flex items-center">
              <DropdownMenuItem className="flex-1" onSelect={() => setFilter(view.filters)}>
                {view.name}
                {JSON.stringify(view.filters) === current ? (
                  <span className="ml-auto text-xs text-muted-foreground">current</span>
                ) : null}
              </DropdownMenuItem>
              <DropdownMenuItem
                aria-label={`Delete view ${view.name}`}
                onSelect={() => remove.mutate({ id: view.id })}
              >
                <TrashIcon aria-hidden="true" />
              </DropdownMenuItem>
            </div>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setSaveOpen(true)}>Save current filters…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={saveOpen} onOpenChange={setSaveOpen}>
        <DialogContent className="sm:max-w-sm">
          <DialogHeader>
            <DialogTitle>Save this view</DialogTitle>
            <DialogDescription>The current filters and sort, under a name only you see.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate({ name, filters: query });
            }}
          >
            <div className="space-y-1.5">
              <Label htmlFor="view-name">Name</Label>
              <Input
                id="view-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Addresses under 0.8"
              />
              {save.error ? <p className="text-sm text-destructive">{save.error.message}</p> : null}
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setSaveOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!name.trim() || save.isPending}>
                Save view
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </div>
  );
}
