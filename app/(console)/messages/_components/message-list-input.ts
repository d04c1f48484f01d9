/** Shared by the page's server prefetch and the client list: the query keys must match. */
export const messageListInput = { limit: 100 };
