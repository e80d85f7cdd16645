import { describe, expect, it } from 'vitest';
import { planWarnings } from '../../web/src/lib/facility/planWarnings';
import type { BoardRow } from '../../server/src/contract/facility';
import type { Project } from '../../server/src/contract/projects';

const community = (code: string, gapM2: number): BoardRow => ({
  code,
  name: `社区${code}`,
  households: 1000,
  requiredAreaM2: 400,
  currentAreaM2: 400 - gapM2,
  gapM2,
  compliant: gapM2 === 0,
  centroid: [119.5, 32.4],
  facilityCount: 1,
  optionCount: 2,
  projects: { planned: 0, inProgress: 0, delivered: 0 },
});

let nextId = 1;
const project = (communityCode: string, status: Project['status'], netAreaM2: number, overdue = false): Project => ({
  id: nextId++,
  scenarioId: 1,
  optionId: nextId,
  optionCode: `O${nextId}`,
  optionName: '新建用房',
  method: 'lease',
  communityCode,
  communityName: '',
  plannedYear: 2026,
  status,
  netAreaM2,
  oneOffCost: 0,
  yearlyCost: 0,
  lng: 119.5,
  lat: 32.4,
  deliveredAt: null,
  cancelReason: '',
  cancelledAt: null,
  facilityId: null,
  ownerPersonId: null,
  ownerName: '',
  plannedStart: null,
  plannedFinish: null,
  actualStart: null,
  actualFinish: null,
  progressPercent: 0,
  overdue,
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('planWarnings', () => {
  it('names the square metres a community lacks once one of its two projects is cancelled', () => {
    // Gap 158 m²: a 100 m² and a 58 m² project close it; cancelling the 58 m² one leaves it 58 m² short.
    const projects = [project('A', 'planned', 100), project('A', 'cancelled', 58)];
    expect(planWarnings([community('A', 158)], projects)).toEqual([{ code: 'A', name: '社区A', shortM2: 58, lateCount: 0 }]);
  });

  it('stays quiet while the open projects still close the gap, and for communities without projects', () => {
    const projects = [project('A', 'planned', 100), project('A', 'in_progress', 60)];
    expect(planWarnings([community('A', 158), community('B', 300)], projects)).toEqual([]);
  });

  it('counts open projects the server marks overdue as late, not delivered, cancelled or rescheduled ones', () => {
    const projects = [
      project('A', 'in_progress', 200, true),
      project('A', 'planned', 10, true),
      // planned for an earlier year, but its finish was moved later: not overdue
      { ...project('A', 'planned', 10, false), plannedYear: 2024, plannedFinish: '2027-06-30' },
      project('A', 'delivered', 10, false),
      project('A', 'cancelled', 10, false),
    ];
    expect(planWarnings([community('A', 150)], projects)).toEqual([{ code: 'A', name: '社区A', shortM2: 0, lateCount: 2 }]);
  });
});
