import sanitize from "sanitize-html";

/**
 * What an inbound HTML part may keep: text structure, links and inline images by reference. No
 * scripts, styles, forms, frames or event handlers, and no URLs but http(s), mailto and cid. The
 * console shows the result in a sandboxed frame as well: this is the first of two walls.
 */
const options: sanitize.IOptions = {
  allowedTags: [
    ...sanitize.defaults.allowedTags.filter((tag) => tag !== "style"),
    "img",
    "font",
    "center",
    "span",
  ],
  allowedAttributes: {
    a: ["href", "title"],
    img: ["src", "alt", "width", "height"],
    td: ["colspan", "rowspan", "align"],
    th: ["colspan", "rowspan", "align"],
    "*": ["dir", "lang"],
  },
  allowedSchemes: ["http", "https", "mailto", "cid"],
  allowedSchemesByTag: { img: ["cid", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head"],
};

export function sanitizeInboundHtml(html: string): string {
  return sanitize(html, options);
}
