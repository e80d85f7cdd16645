// Grading rounds over the demo town, in test years 2031–2032 (removed afterwards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

type Source = 'self' | 'assessment' | 'mutual' | 'residents';
interface RoundCommunity {
  code: string;
  scores: Record<Source, number | null>;
  weighted: number | null;
  proposed: { class: string; level: number } | null;
  previous: { class: string; level: number } | null;
  change: string | null;
  reward: number | null;
}
interface Round {
  id: number;
  year: number;
  status: string;
  complete: boolean;
  bands: { class: string; level: number; minScore: number }[];
  communities: RoundCommunity[];
}

const SOURCES: Source[] = ['self', 'assessment', 'mutual', 'residents'];
let codes: string[];
let planner: string;
let official: string;
let admin: string;

beforeAll(async () => {
  await testApp();
  [planner, official, admin] = [await loginAs('planner'), await loginAs('official'), await loginAs('admin')];
  const db = await testDb();
  codes = (await db.withClient((q) => q.query<{ code: string }>('SELECT code FROM community ORDER BY code'))).rows.map((r) => r.code);
});

afterAll(async () => {
  const db = await testDb();
  await db.withTransaction(async (q) => {
    await q.query('DELETE FROM community_grade WHERE year >= 2031');
    await q.query('DELETE FROM grading_round WHERE year >= 2031');
  });
});

const all = (communityCode: string, score: number) => SOURCES.map((source) => ({ communityCode, source, score }));

async function open(year: number): Promise<Round> {
  const res = await call('POST', '/api/grading/rounds', { year }, planner);
  expect(res.status).toBe(201);
  return res.json();
}

async function put(id: number, scores: { communityCode: string; source: Source; score: number }[], who = planner): Promise<Response> {
  return call('PUT', `/api/grading/rounds/${id}/scores`, { scores }, who);
}

const one = (round: Round, code: string) => round.communities.find((c) => c.code === code)!;

describe('a first round (2031, no previous grades)', () => {
  let round: Round;

  it('opens once per year', async () => {
    round = await open(2031);
    expect(round).toMatchObject({ year: 2031, status: 'open', complete: false });
    expect(round.communities).toHaveLength(22);
    expect(one(round, codes[0])).toMatchObject({
      scores: { self: null, assessment: null, mutual: null, residents: null },
      weighted: null,
      proposed: null,
    });
    const again = await call('POST', '/api/grading/rounds', { year: 2031 }, planner);
    expect(again.status).toBe(409);
  });

  it('weighs the four sources equally and bands the result; a missing source leaves it open', async () => {
    const res = await put(round.id, [
      { communityCode: codes[0], source: 'self', score: 90 },
      { communityCode: codes[0], source: 'assessment', score: 80 },
      { communityCode: codes[0], source: 'mutual', score: 70 },
      { communityCode: codes[0], source: 'residents', score: 60 },
      { communityCode: codes[1], source: 'self', score: 95 },
    ]);
    expect(res.status).toBe(200);
    const r: Round = await res.json();
    // (90 + 80 + 70 + 60) / 4 = 75, exactly the B2 minimum: the tie goes to B2
    expect(one(r, codes[0])).toMatchObject({
      weighted: 75,
      proposed: { class: 'B', level: 2 },
      previous: null,
      change: null,
      reward: null,
    });
    expect(one(r, codes[1])).toMatchObject({ weighted: null, proposed: null });
    expect(r.complete).toBe(false);
  });

  it('later puts replace those entries only', async () => {
    const r: Round = await (await put(round.id, [{ communityCode: codes[0], source: 'residents', score: 64 }])).json();
    expect(one(r, codes[0])).toMatchObject({ scores: { self: 90, assessment: 80, mutual: 70, residents: 64 }, weighted: 76 });
  });

  it('refuses a score above 100', async () => {
    expect((await put(round.id, [{ communityCode: codes[0], source: 'self', score: 101 }])).status).toBe(400);
  });

  it('cannot be confirmed while incomplete (409)', async () => {
    const res = await call('POST', `/api/grading/rounds/${round.id}/confirm`, undefined, official);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('grading.round_incomplete');
  });

  it('is confirmed by an official who entered no scores, not by planners or by whoever entered scores', async () => {
    // 2031 grades: c0 B1 (80), c1 B3 (72), c2 A2 (90), c3 C2 (62), the rest C3 (50)
    const scores = codes.flatMap((code, i) => all(code, [80, 72, 90, 62][i] ?? 50));
    expect((await put(round.id, scores)).status).toBe(200);
    expect((await call('POST', `/api/grading/rounds/${round.id}/confirm`, undefined, planner)).status).toBe(403);
    // the admin enters one score, so may not confirm
    expect((await put(round.id, [{ communityCode: codes[4], source: 'self', score: 50 }], admin)).status).toBe(200);
    const own = await call('POST', `/api/grading/rounds/${round.id}/confirm`, undefined, admin);
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('grading.confirm_own_scores');
    const ok = await call('POST', `/api/grading/rounds/${round.id}/confirm`, undefined, official);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'confirmed', complete: true });
  });

  it('no longer takes scores once confirmed (409)', async () => {
    const res = await put(round.id, [{ communityCode: codes[0], source: 'self', score: 10 }]);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('grading.round_confirmed');
  });
});

describe('the next round (2032) against the confirmed 2031 grades', () => {
  it('lists promotions, class promotions, unchanged grades and demotions with their rewards', async () => {
    const round = await open(2032);
    // c0 B1 → A3 (86), c1 B3 → B2 (76), c2 A2 → B1 (84), c3 C2 → C2 (61)
    const r: Round = await (
      await put(
        round.id,
        codes.flatMap((code, i) => all(code, [86, 76, 84, 61][i] ?? 50)),
      )
    ).json();
    expect(one(r, codes[0])).toMatchObject({
      previous: { class: 'B', level: 1 },
      proposed: { class: 'A', level: 3 },
      change: 'class_up',
      reward: 2000 + 5000,
    });
    expect(one(r, codes[1])).toMatchObject({
      previous: { class: 'B', level: 3 },
      proposed: { class: 'B', level: 2 },
      change: 'promoted',
      reward: 2000,
    });
    expect(one(r, codes[2])).toMatchObject({
      previous: { class: 'A', level: 2 },
      proposed: { class: 'B', level: 1 },
      change: 'demoted',
      reward: 0,
    });
    expect(one(r, codes[3])).toMatchObject({
      previous: { class: 'C', level: 2 },
      proposed: { class: 'C', level: 2 },
      change: 'same',
      reward: 0,
    });
  });

  it('keeps the grade history per year', async () => {
    const history: { code: string; year: number; class: string; level: number }[] = await (
      await call('GET', '/api/grading/history', undefined, planner)
    ).json();
    expect(history.find((h) => h.code === codes[0] && h.year === 2031)).toMatchObject({ class: 'B', level: 1 });
    expect(history.filter((h) => h.year === 2007)).toHaveLength(22);
  });

  it('takes changed weights, bands and rewards while open; a stale version is refused', async () => {
    const rounds: { id: number; year: number }[] = await (await call('GET', '/api/grading/rounds', undefined, planner)).json();
    const id = rounds.find((r) => r.year === 2032)!.id;
    const before: Round & { version: number } = await (await call('GET', `/api/grading/rounds/${id}`, undefined, official)).json();
    expect(
      (
        await call(
          'PATCH',
          `/api/grading/rounds/${id}`,
          { version: before.version, rewards: { perLevelYuan: 1000, perClassYuan: 0 } },
          planner,
        )
      ).status,
    ).toBe(403);
    const res = await call(
      'PATCH',
      `/api/grading/rounds/${id}`,
      {
        version: before.version,
        weights: { self: 0, assessment: 1, mutual: 0, residents: 0 },
        rewards: { perLevelYuan: 1000, perClassYuan: 0 },
      },
      official,
    );
    expect(res.status).toBe(200);
    const r: Round = await res.json();
    // c0's scores are all 86: any weighting gives 86 → A3; B1 → A3 is one level at 1,000 yuan and no class bonus now
    expect(one(r, codes[0])).toMatchObject({ weighted: 86, proposed: { class: 'A', level: 3 }, reward: 1000 });
    expect(
      (
        await call(
          'PATCH',
          `/api/grading/rounds/${id}`,
          { version: before.version, rewards: { perLevelYuan: 1, perClassYuan: 1 } },
          official,
        )
      ).status,
    ).toBe(409);
    const swapped = before.bands.map((b) => (b.class === 'B' && b.level === 1 ? { ...b, minScore: 99 } : b));
    const bad = await call('PATCH', `/api/grading/rounds/${id}`, { version: before.version + 1, bands: swapped }, official);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('grading.bands_invalid');
  });

  it('answers 404 for an unknown round', async () => {
    expect((await call('GET', '/api/grading/rounds/999999', undefined, planner)).status).toBe(404);
  });
});
