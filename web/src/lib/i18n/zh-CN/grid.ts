// Strings of the grid screens (keys start with "grid."). Chinese is the source; en/grid.ts mirrors it.
export const grid = {} as const;
