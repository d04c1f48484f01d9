import { ConfidenceMeter } from "@/components/changes/confidence-meter";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { MessageDetailData } from "./message-detail";

/**
 * What the pipeline read in the message: each request it could not act on, with what it lacks and
 * why, and every intent the extractor detected with its evidence. Empty lists say so.
 */
export function ReadingPanel({ data }: { data: MessageDetailData }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">What the pipeline read</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {data.requests.length > 0 ? (
          <section aria-labelledby="requests-heading">
            <h3 id="requests-heading" className="mb-2 text-sm font-semibold">
              Requests it could not act on
            </h3>
            <ul className="flex flex-col gap-2" data-testid="pending-requests">
              {data.requests.map((request, index) => (
                <li
                  key={`${request.intent}-${index}`}
                  className="rounded-md border bg-amber-50/60 p-3 text-sm"
                >
                  <div className="font-medium">{request.label}</div>
                  {request.missing.length > 0 ? (
                    <div className="mt-1">
                      Missing:{" "}
                      {request.missing.map((item) => (
                        <span
                          key={item}
                          className="mr-1 inline-flex rounded-full border border-amber-300 bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
                        >
                          {item}
                        </span>
                      ))}
                    </div>
                  ) : null}
                  <p className="mt-1 text-muted-foreground">Why: {request.reason}</p>
                  {request.evidence ? (
                    <blockquote className="mt-1 border-l-2 border-amber-300 pl-2 text-muted-foreground italic">
                      “{request.evidence}”
                    </blockquote>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section aria-labelledby="intents-heading">
          <h3 id="intents-heading" className="mb-2 text-sm font-semibold">
            Detected intents
          </h3>
          {data.intents.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {data.message.status === "received" || data.message.status === "processing"
                ? "Not read yet."
                : "None: the extractor found no request in this message."}
            </p>
          ) : (
            <ul className="flex flex-col divide-y rounded-md border" data-testid="detected-intents">
              {data.intents.map((intent, index) => (
                <li key={`${intent.intent}-${index}`} className="flex flex-col gap-1 p-3 text-sm">
                  <div className="flex items-center justify-between gap-3">
                    <span className="font-medium">{intent.label}</span>
                    <ConfidenceMeter value={intent.confidence} />
                  </div>
                  {intent.evidence ? (
                    <span className="text-muted-foreground">Evidence: “{intent.evidence}”</span>
                  ) : (
                    <span className="text-muted-foreground">No evidence span recorded</span>
                  )}
                  {intent.missing.length ? (
                    <span className="text-amber-800">Does not give: {intent.missing.join(", ")}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
