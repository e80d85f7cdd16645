/** Who may see residents' personal data (PRODUCT §5.7), and the masked form for everyone else. */

/** The signed-in user as these rules see them (null = not signed in). */
export type Viewer = { role: string } | null;

/** `13812345678` → `138****5678`; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** Admins and planners see every phone number. */
export function seesAllPersonalData(user: Viewer): boolean {
  return user?.role === 'admin' || user?.role === 'planner';
}

/**
 * Admins and planners see all; a grid worker sees full data only for the cells they work in
 * (`userCells`: the account's cells, those given to it directly and those its person is assigned
 * to; `cellsOfAccount` in db/users.ts, the same list `/api/auth/me` shows).
 */
export function seesPersonalData(user: Viewer, cellCode: string | null, userCells: readonly string[]): boolean {
  if (!user) return false;
  if (seesAllPersonalData(user)) return true;
  return user.role === 'worker' && cellCode !== null && userCells.includes(cellCode);
}

/** Returns `row` with its `phone` masked unless `full`. */
export function withPhone<T extends { phone: string | null }>(row: T, full: boolean): T {
  return full ? row : { ...row, phone: maskPhone(row.phone) };
}

/**
 * What a people search may show this user: null = no people at all (the public and viewers);
 * otherwise whose homes it may place on the map: everyone's, those in the user's own cells
 * (workers), or nobody's (officials see names and communities only).
 */
export function peopleSearchReach(user: Viewer): null | 'all' | 'own-cells' | 'none' {
  if (!user || user.role === 'viewer') return null;
  if (seesAllPersonalData(user)) return 'all';
  return user.role === 'worker' ? 'own-cells' : 'none';
}
