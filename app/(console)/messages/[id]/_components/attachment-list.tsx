import { DownloadIcon, FileIcon, FileXIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { describeByteSize } from "@/contracts/values";
import type { MessageDetailData } from "./message-detail";

/**
 * An email's attachments: name, type and size, each a download (never opened in the console: the
 * route serves it as a file). One over the size limit was recorded but not kept, and says so.
 */
export function AttachmentList({
  messageId,
  attachments,
}: {
  messageId: string;
  attachments: MessageDetailData["attachments"];
}) {
  if (attachments.length === 0) return null;
  return (
    <section aria-labelledby="attachments-heading" className="mt-4 border-t pt-4">
      <h3 id="attachments-heading" className="mb-2 text-sm font-semibold">
        Attachments ({attachments.length})
      </h3>
      <ul className="flex flex-col divide-y rounded-md border" data-testid="message-attachments">
        {attachments.map((attachment) => {
          const details = `${attachment.contentType} · ${describeByteSize(attachment.sizeBytes)}`;
          return (
            <li
              key={attachment.id}
              data-testid="attachment"
              className="flex min-w-0 items-center gap-3 p-3 text-sm"
            >
              {attachment.kept ? (
                <FileIcon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
              ) : (
                <FileXIcon aria-hidden="true" className="size-4 shrink-0 text-amber-600" />
              )}
              <div className="min-w-0 flex-1">
                <div className="truncate font-medium" title={attachment.filename}>
                  {attachment.filename}
                </div>
                <div className="text-xs break-words text-muted-foreground">
                  {details}
                  {attachment.kept ? null : <span className="text-amber-800"> · not kept: over 10 MB</span>}
                </div>
              </div>
              {attachment.kept ? (
                <Button asChild variant="outline" size="sm">
                  <a
                    href={`/api/messages/${messageId}/attachments/${attachment.id}`}
                    download
                    data-testid="attachment-download"
                  >
                    <DownloadIcon aria-hidden="true" />
                    Download<span className="sr-only"> {attachment.filename}</span>
                  </a>
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
