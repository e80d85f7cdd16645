// What approving a scenario does to the tracked projects: worked out by hand for a small plan and
// a set of live projects.
import { describe, expect, it } from 'vitest';
import { approvalSteps, type ApprovalProject } from '../../../server/src/domain/facility/approval';

const pick = (optionCode: string, communityCode: string) => ({ optionCode, communityCode });
const chosen = [pick('a1', 'A'), pick('a2', 'A'), pick('b1', 'B'), pick('c1', 'C')];
const project = (optionCode: string, communityCode: string, status: ApprovalProject['status']): ApprovalProject => ({
  optionCode,
  communityCode,
  status,
});

describe('approvalSteps', () => {
  it('creates a project per chosen option when none exists', () => {
    const steps = approvalSteps(chosen, []);
    expect(steps.create.map((p) => p.optionCode)).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(steps).toMatchObject({ keep: [], replace: [], drop: [] });
  });

  it('keeps live projects of the same option and community or in progress, and cancels the planned ones it drops or moves', () => {
    const live = [
      project('a1', 'A', 'planned'), // same option, same community: kept
      project('b1', 'E', 'in_progress'), // in progress elsewhere: kept
      project('c1', 'E', 'planned'), // planned for another community: cancelled, and a new one for C
      project('x9', 'D', 'planned'), // not in the plan: cancelled
      project('y9', 'D', 'in_progress'), // not in the plan but in progress: untouched
      project('z9', 'D', 'delivered'),
      project('a2', 'A', 'cancelled'), // a cancelled project is history: a2 gets a new one
    ];
    const steps = approvalSteps(chosen, live);
    expect(steps.keep.map(({ pick: p, project: q }) => `${p.optionCode}→${q.communityCode}`)).toEqual(['a1→A', 'b1→E']);
    expect(steps.create.map((p) => `${p.communityCode}/${p.optionCode}`)).toEqual(['A/a2', 'C/c1']);
    expect(steps.replace).toEqual([live[2]]);
    expect(steps.drop).toEqual([live[3]]);
  });
});
