"use client";

import { useEffect } from "react";
import { TriangleAlertIcon } from "lucide-react";

import { ErrorReference } from "@/components/app-shell/error-reference";
import { Button } from "@/components/ui/button";

export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div
      role="alert"
      className="mx-auto mt-10 flex max-w-md flex-col items-center rounded-xl border bg-card px-6 py-8 text-center shadow-xs"
    >
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <TriangleAlertIcon className="size-5" aria-hidden="true" />
      </div>
      <h1 className="text-base font-semibold">This page could not be loaded</h1>
      <p className="mt-1.5 text-muted-foreground">
        Something went wrong on our side. Try again; if it keeps happening, give the reference below to your
        administrator.
      </p>
      <ErrorReference error={error} className="mt-3" />
      <Button className="mt-5" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
