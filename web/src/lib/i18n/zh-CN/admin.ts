// Strings of the admin screens (keys start with "admin."). Chinese is the source; en/admin.ts mirrors it.
export const admin = {} as const;
