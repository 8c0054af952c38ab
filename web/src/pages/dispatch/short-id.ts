/** The short id shown in the live feed and the lists: the first 8 hex digits of the case id. */
export const shortId = (id: string): string => id.slice(0, 8);
