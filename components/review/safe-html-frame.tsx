"use client";

import DOMPurify from "dompurify";
import { useMemo } from "react";
import { cn } from "@/components/ui/utils";

/**
 * Inside the frame nothing may run or load: no scripts, no forms, no fetches, no remote images
 * or fonts (a remote image is a read receipt to the sender). Inline styles and data: images only.
 */
const frameContentSecurityPolicy =
  "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; media-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

const forbiddenTags = [
  "script",
  "style",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "option",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "audio",
  "video",
  "source",
  "track",
  "svg",
  "math",
  "template",
  "noscript",
];
const urlAttributes = [
  "src",
  "srcset",
  "background",
  "poster",
  "lowsrc",
  "dynsrc",
  "action",
  "formaction",
  "xlink:href",
];

/** Sanitizes message HTML for display: DOMPurify, then every URL that would load something is dropped. */
export function sanitizeMessageHtml(html: string): string {
  const purify = DOMPurify(window);
  purify.addHook("afterSanitizeAttributes", (node) => {
    for (const attribute of urlAttributes) {
      const value = node.getAttribute(attribute);
      if (value === null) continue;
      if (
        attribute === "src" &&
        node.tagName === "IMG" &&
        /^data:image\/(png|gif|jpe?g|webp);/i.test(value.trim())
      )
        continue;
      node.removeAttribute(attribute);
      if (node.tagName === "IMG")
        node.setAttribute(
          "alt",
          `[remote image not loaded${node.getAttribute("alt") ? `: ${node.getAttribute("alt")}` : ""}]`,
        );
    }
    if (node.tagName === "A") {
      // links stay readable but cannot be followed from inside the message
      const href = node.getAttribute("href");
      node.removeAttribute("href");
      if (href) node.setAttribute("title", href);
    }
    // CSS can load URLs too (background: url(...)); inline styles with url() are dropped
    const style = node.getAttribute("style");
    if (style && /url\s*\(|@import|expression\s*\(/i.test(style)) node.removeAttribute("style");
  });
  return purify.sanitize(html, {
    FORBID_TAGS: forbiddenTags,
    FORBID_ATTR: ["srcdoc", "ping", "target"],
    ALLOW_DATA_ATTR: false,
    WHOLE_DOCUMENT: false,
  });
}

function frameDocument(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${frameContentSecurityPolicy}"><meta name="referrer" content="no-referrer"><style>body{font:14px/1.5 system-ui,sans-serif;color:#1f2937;margin:12px;word-wrap:break-word}img{max-width:100%}</style></head><body>${body}</body></html>`;
}

/**
 * Message HTML, as the customer's mail client would show it, in a sandboxed iframe: the sandbox
 * (no allow-scripts, no allow-forms, no allow-same-origin) makes it an opaque origin that can run
 * nothing, its own CSP refuses every load, and the markup was sanitized before it got there.
 * Mount only in the browser (DOMPurify needs a DOM).
 */
export function SafeHtmlFrame({
  html,
  title,
  className,
}: {
  html: string;
  title: string;
  className?: string;
}) {
  const srcDoc = useMemo(() => frameDocument(sanitizeMessageHtml(html)), [html]);
  return (
    <iframe
      data-testid="message-html-frame"
      title={title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      className={cn("h-96 w-full rounded-md border bg-white", className)}
    />
  );
}
