// Who is responsible for each grid cell. Cells only exist once the loader has partitioned
// the community, so this runs after partitioning, but it is still a pure function of the
// seed, the cells and the people.
import { Prng } from './prng';
import type { DemoPerson } from './types';

export type CellRole = 'grid_leader' | 'grid_worker' | 'liaison';

export interface CellAssignmentDraft {
  /** Index of the cell within its community, in code order. */
  cellIndex: number;
  personId: number;
  role: CellRole;
}

/**
 * A grid leader (a community cadre) and a grid worker for every cell, a resident
 * representative as liaison for some; about one cell in twenty lacks a worker and one in
 * thirty a leader, so roster checks have findings. The demo worker account's person is the
 * grid worker of the first one to three cells of their community.
 */
export function assignCells(
  seed: number,
  communityCode: string,
  cellCount: number,
  people: readonly DemoPerson[],
  workerPersonId: number,
): CellAssignmentDraft[] {
  const rng = new Prng(seed).fork(`cells:${communityCode}`);
  const here = people.filter((p) => p.communityCode === communityCode);
  const accountHolder = here.find((p) => p.id === workerPersonId);
  const leaders = here.filter((p) => p.type === 'community_cadre' && p.id !== workerPersonId);
  const workers = rng.shuffle(
    here.filter(
      (p) =>
        p.id !== workerPersonId && ['community_cadre', 'retiree', 'volunteer', 'in_service_cadre', 'party_group_leader'].includes(p.type),
    ),
  );
  const liaisons = here.filter((p) => p.type === 'resident_representative');
  const accountCells = accountHolder ? Math.min(cellCount, rng.int(1, 3)) : 0;
  const out: CellAssignmentDraft[] = [];
  for (let cell = 0; cell < cellCount; cell++) {
    const leader = leaders.length > 0 && !rng.chance(1 / 30) ? rng.pick(leaders) : null;
    if (leader) out.push({ cellIndex: cell, personId: leader.id, role: 'grid_leader' });
    if (accountHolder && cell < accountCells) out.push({ cellIndex: cell, personId: accountHolder.id, role: 'grid_worker' });
    else if (workers.length > 0 && !rng.chance(1 / 20)) {
      // Round-robin so workers share the load before anyone covers a second cell.
      const worker = workers[cell % workers.length];
      if (worker.id !== leader?.id) out.push({ cellIndex: cell, personId: worker.id, role: 'grid_worker' });
    }
    if (liaisons.length > 0 && rng.chance(0.4)) out.push({ cellIndex: cell, personId: rng.pick(liaisons).id, role: 'liaison' });
  }
  return out;
}
