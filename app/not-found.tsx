import Link from "next/link";
import { CompassIcon } from "lucide-react";

import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-16">
      <div className="flex max-w-md flex-col items-center text-center">
        <div className="mb-4 flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <CompassIcon className="size-5" aria-hidden="true" />
        </div>
        <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">404</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">Page not found</h1>
        <p className="mt-2 text-muted-foreground">
          This page does not exist, or the record it pointed to is no longer available.
        </p>
        <Button asChild className="mt-6">
          <Link href="/queue">Go to the review queue</Link>
        </Button>
      </div>
    </main>
  );
}
