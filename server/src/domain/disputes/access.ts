/**
 * Who sees and handles which case (PRODUCT §5.7 applied to the register): admins and planners
 * every case in full; officials every case with personal data masked, read only; a grid worker
 * the cases of their own cells, in full, and may report in any cell.
 */
import type { SessionUser } from '../../http/env';
import type { Dispute } from '../../contract/disputes';
import { maskPhone, seesPersonalData } from '../access/mask';
import { maskName, maskNamesIn } from './mask';

/** The caller's view: `cells` = undefined means every case. */
export function registerScope(user: SessionUser, ownCells: readonly string[]): { cells: readonly string[] | undefined } {
  return { cells: user.role === 'worker' ? ownCells : undefined };
}

/** May the caller read this case at all. */
export function mayRead(user: SessionUser, cellCode: string | null, ownCells: readonly string[]): boolean {
  if (user.role === 'worker') return cellCode !== null && ownCells.includes(cellCode);
  return user.role === 'admin' || user.role === 'planner' || user.role === 'official';
}

/** May the caller move this case on. */
export function mayHandle(user: SessionUser, cellCode: string | null, ownCells: readonly string[]): boolean {
  if (user.role === 'admin' || user.role === 'planner') return true;
  return user.role === 'worker' && cellCode !== null && ownCells.includes(cellCode);
}

/** The case as this caller may see it: party names, their mentions and the reporter's phone masked unless allowed. */
export function presentDispute<T extends Omit<Dispute, 'personalDataMasked'>>(
  row: T,
  user: SessionUser,
  ownCells: readonly string[],
): T & { personalDataMasked: boolean } {
  const full = seesPersonalData(user, row.cellCode, ownCells);
  if (full) return { ...row, personalDataMasked: false };
  return {
    ...row,
    parties: row.parties.map(maskName),
    description: maskNamesIn(row.description, row.parties),
    reporterPhone: maskPhone(row.reporterPhone),
    personalDataMasked: true,
  };
}
