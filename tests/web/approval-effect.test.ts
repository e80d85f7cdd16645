// What the approve dialog says approval will do, against the server's rules (db/facility-approval.ts):
// worked out by hand for a small plan and a set of live projects.
import { describe, expect, it } from 'vitest';
import { approvalEffect } from '../../web/src/lib/facility/approvalEffect';
import type { LiveProject, PlannedScenario } from '../../web/src/lib/facility/approvalEffect';

const pick = (id: string, year: number, cost: number) => ({ id, name: `方案${id}`, year, cost });
const plan = (code: string, options: ReturnType<typeof pick>[]) => ({ code, name: `社区${code}`, options });

const scenario = {
  totalCost: 600_000,
  byYear: [
    { year: 2008, cost: 250_000, budget: 300_000 },
    { year: 2009, cost: 350_000, budget: 300_000 },
  ],
  communities: [
    plan('A', [pick('a1', 2008, 100_000), pick('a2', 2009, 150_000)]),
    plan('B', [pick('b1', 2008, 150_000)]),
    plan('C', [pick('c1', 2009, 200_000)]),
    plan('D', []),
  ],
} satisfies PlannedScenario;

const project = (optionCode: string, communityCode: string, status: string): LiveProject => ({
  optionCode,
  communityCode,
  communityName: `社区${communityCode}`,
  optionName: `方案${optionCode}`,
  status,
});

describe('approvalEffect', () => {
  it('creates a project per chosen option when none exists, for the communities that get one', () => {
    const effect = approvalEffect(scenario, []);
    expect(effect.created.map((p) => p.optionName)).toEqual(['方案a1', '方案a2', '方案b1', '方案c1']);
    expect(effect.communities).toEqual(['社区A', '社区B', '社区C']);
    expect(effect.kept).toEqual([]);
    expect(effect.cancelled).toEqual([]);
    expect(effect.totalCost).toBe(600_000);
    expect(effect.years).toEqual([
      { year: 2008, cost: 250_000, budget: 300_000 },
      { year: 2009, cost: 350_000, budget: 300_000 },
    ]);
  });

  it('keeps live projects of the same option and community or in progress, and cancels the planned ones it drops or moves', () => {
    const live = [
      project('a1', 'A', 'planned'), // same option, same community: kept
      project('b1', 'E', 'in_progress'), // in progress elsewhere: kept
      project('c1', 'E', 'planned'), // planned for another community: cancelled, and a new one for C
      project('x9', 'D', 'planned'), // not in the plan: cancelled
      project('y9', 'D', 'in_progress'), // not in the plan but in progress: untouched
      project('z9', 'D', 'delivered'),
    ];
    const effect = approvalEffect(scenario, live);
    expect(effect.kept.map((p) => p.optionName)).toEqual(['方案a1', '方案b1']);
    expect(effect.created.map((p) => `${p.communityName}/${p.optionName}`)).toEqual(['社区A/方案a2', '社区C/方案c1']);
    expect(effect.communities).toEqual(['社区A', '社区C']);
    expect(effect.cancelled.map((p) => p.optionCode)).toEqual(['c1', 'x9']);
  });
});
