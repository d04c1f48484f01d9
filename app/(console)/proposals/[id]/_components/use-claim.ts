"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/components/trpc";

/** Renewed well before the five-minute lease runs out, while the page stays open. */
const renewEveryMs = 2 * 60_000;

/**
 * Opening an item claims it, so others see who is on it; the claim is renewed while the page is
 * open and released on leaving. Returns the latest claim answer (null until the first one).
 */
export function useClaim(proposalId: string, enabled: boolean) {
  const trpc = useTRPC();
  const claim = useMutation(trpc.review.claim.mutationOptions());
  const release = useMutation(trpc.review.release.mutationOptions());
  const claimNow = claim.mutate;
  const releaseNow = release.mutate;
  useEffect(() => {
    if (!enabled) return;
    claimNow({ proposalId });
    const timer = window.setInterval(() => claimNow({ proposalId }), renewEveryMs);
    return () => {
      window.clearInterval(timer);
      releaseNow({ proposalId });
    };
  }, [proposalId, enabled, claimNow, releaseNow]);
  return { result: claim.data ?? null, retry: () => claimNow({ proposalId }) };
}
