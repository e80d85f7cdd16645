/** English fallback texts of the grid plans: partition reasons, integrity problems, edits, publishing. */
export const gridMessages = {} as const;
