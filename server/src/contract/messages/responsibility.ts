/** English fallback texts of the responsibility: people, assignments, party organisations and areas, volunteer teams, coverage rules, lookup. */
export const responsibilityMessages = {} as const;
