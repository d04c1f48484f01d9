// not in the "use client" list: the page prefetches with the same input object
export const importListInput = { limit: 50 };
