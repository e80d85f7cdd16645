// Field problems are codes with parameters, never English sentences: a household range with the
// minimum above the maximum names both fields as data, so every screen can say it in its language.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';

const COMMUNITY = '321012100006';

beforeAll(async () => {
  await testApp();
});

async function refusal(method: string, path: string, body: unknown) {
  const res = await call(method, path, body, await loginAs('planner'));
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error.code).toBe('invalid_input');
  return error.details as { field: string; code: string; params: Record<string, unknown> }[];
}

describe('a household range with the minimum above the maximum', () => {
  it('is refused by the generator naming both fields as parameters', async () => {
    const details = await refusal('POST', `/api/communities/${COMMUNITY}/grid-plans/generate`, { minHouseholds: 600, maxHouseholds: 300 });
    expect(details).toEqual([
      expect.objectContaining({
        field: 'json.minHouseholds',
        code: 'field.min_over_max',
        params: { field: 'json.minHouseholds', other: 'json.maxHouseholds' },
      }),
    ]);
  });

  it('is refused for a community’s own grid size the same way', async () => {
    const current = await (await call('GET', `/api/communities/${COMMUNITY}`)).json();
    const details = await refusal('PATCH', `/api/communities/${COMMUNITY}`, {
      version: current.version,
      minHouseholdsPerCell: 600,
      maxHouseholdsPerCell: 400,
    });
    expect(details[0]).toMatchObject({
      field: 'json.minHouseholdsPerCell',
      code: 'field.min_over_max',
      params: { field: 'json.minHouseholdsPerCell', other: 'json.maxHouseholdsPerCell' },
    });
  });

  it('says a minimum of 0 must be more than 0 (households are counted from 1)', async () => {
    const details = await refusal('POST', `/api/communities/${COMMUNITY}/grid-plans/generate`, { minHouseholds: 0, maxHouseholds: 300 });
    expect(details[0]).toMatchObject({ field: 'json.minHouseholds', code: 'field.not_above', params: { minimum: 0 } });
  });

  it('keeps an inclusive bound a too_small problem', async () => {
    const details = await refusal('POST', `/api/communities/${COMMUNITY}/grid-plans/generate`, {
      minHouseholds: 300,
      maxHouseholds: 500,
      name: '',
    });
    expect(details[0]).toMatchObject({ field: 'json.name', code: 'field.too_small', params: { minimum: 1 } });
  });
});
