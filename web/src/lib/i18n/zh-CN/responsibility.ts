// Strings of the responsibility screens (keys start with "responsibility."). Chinese is the source; en/responsibility.ts mirrors it.
export const responsibility = {} as const;
