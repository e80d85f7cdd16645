// Strings of the facility screens (keys start with "facility."). Chinese is the source; en/facility.ts mirrors it.
export const facility = {} as const;
