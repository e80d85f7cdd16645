// The disputes and hazards register: routing to the cell, the life cycle, masking for each role,
// photos. Cases made here are deleted afterwards, so other files see the demo register unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

interface Case {
  id: number;
  kind: string;
  category: string;
  status: string;
  buildingCode: string;
  communityCode: string;
  cellCode: string | null;
  parties: string[];
  description: string;
  hasPhoto: boolean;
  reportedBy: string;
  reporterPhone: string | null;
  reportedAt: string;
  deadline: string;
  overdue: boolean;
  personalDataMasked: boolean;
  version: number;
  history: { fromStatus: string | null; toStatus: string; note: string; username: string }[];
  routedTo: { name: string; role: string }[];
  nextStatuses: string[];
}

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

const PARTIES = ['甄士隐', '贾雨村'];
let cookies: Record<'admin' | 'planner' | 'official' | 'worker', string>;
let mark: number;
let workerPhone: string;
/** A building in the worker's first cell, and one in a cell of another community. */
let own: { building: string; cell: string };
let other: { building: string; cell: string; community: string };

beforeAll(async () => {
  await testApp();
  cookies = {
    admin: await loginAs('admin'),
    planner: await loginAs('planner'),
    official: await loginAs('official'),
    worker: await loginAs('worker'),
  };
  const me = await (await call('GET', '/api/auth/me', undefined, cookies.worker)).json();
  expect(me.cells.length).toBeGreaterThan(0);
  const pick = (where: string, params: unknown[]) =>
    q<{ building: string; cell: string; community: string }>(
      `SELECT cb.building_code AS building, g.code AS cell, p.community_code AS community
         FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published' JOIN grid_cell g ON g.id = cb.cell_id
        WHERE ${where} ORDER BY cb.building_code LIMIT 1`,
      params,
    );
  [own] = await pick('g.code = $1', [me.cells[0]]);
  [other] = await pick('p.community_code <> $1', [me.cells[0].slice(0, 12)]);
  [{ mark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM dispute');
  [{ phone: workerPhone }] = await q<{ phone: string }>(
    `SELECT pe.phone FROM app_user u JOIN person pe ON pe.id = u.person_id WHERE u.username = 'worker'`,
  );
});

afterAll(async () => {
  await q('DELETE FROM dispute WHERE id > $1', [mark]);
});

async function report(building: string, cookie: string, extra: object = {}): Promise<Case> {
  const res = await call(
    'POST',
    '/api/disputes',
    { kind: 'dispute', category: 'neighbour', buildingCode: building, parties: PARTIES, description: '甄士隐家漏水影响贾雨村家', ...extra },
    cookie,
  );
  expect(res.status).toBe(201);
  return res.json();
}

// Today in the town (setting town.timeZone, default Asia/Shanghai), not the UTC date.
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('POST /api/disputes: reporting routes the case to the building’s cell', () => {
  it('routes a worker’s report in another community to that building’s cell and its grid people', async () => {
    const created = await report(other.building, cookies.worker);
    expect(created.cellCode).toBe(other.cell);
    expect(created.communityCode).toBe(other.community);
    expect(created.status).toBe('reported');
    expect(created.reportedBy).toBe('worker');
    // neighbour disputes: 15 days
    expect(created.deadline).toBe(plusDays(today(), 15));
    expect(created.overdue).toBe(false);
    const people = await q<{ name: string }>(
      `SELECT pe.name FROM cell_assignment a JOIN person pe ON pe.id = a.person_id JOIN grid_cell g ON g.id = a.cell_id
         JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published'
        WHERE g.code = $1 AND a.valid_to IS NULL AND a.role IN ('grid_leader', 'grid_worker')`,
      [other.cell],
    );
    expect(created.routedTo.map((p) => p.name).sort()).toEqual(people.map((p) => p.name).sort());
    expect(created.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'reported', username: 'worker' })]);
    // Not the worker's cell: they reported it but neither see it in their register nor may open it.
    const mine: Case[] = await (await call('GET', '/api/disputes', undefined, cookies.worker)).json();
    expect(mine.some((c) => c.id === created.id)).toBe(false);
    const opened = await call('GET', `/api/disputes/${created.id}`, undefined, cookies.worker);
    expect(opened.status).toBe(403);
    expect((await opened.json()).error.code).toBe('dispute.outside_cells');
  });

  it('gives a fire hazard a 3-day deadline and refuses a category of the other kind, naming the field', async () => {
    const hazard = await report(own.building, cookies.worker, {
      kind: 'hazard',
      category: 'fire',
      parties: [],
      description: '楼道堆放杂物',
    });
    expect(hazard.deadline).toBe(plusDays(today(), 3));
    const wrong = await call(
      'POST',
      '/api/disputes',
      { kind: 'hazard', category: 'family', buildingCode: own.building, description: 'x' },
      cookies.worker,
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details.map((d: { field: string }) => d.field)).toEqual(['json.category']);
  });

  it('refuses an unknown building with 422 and officials with 403', async () => {
    const unknown = await call(
      'POST',
      '/api/disputes',
      { kind: 'dispute', category: 'other', buildingCode: '99999999999999999', description: 'x' },
      cookies.worker,
    );
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.code).toBe('dispute.building_not_found');
    expect(
      (
        await call(
          'POST',
          '/api/disputes',
          { kind: 'dispute', category: 'other', buildingCode: own.building, description: 'x' },
          cookies.official,
        )
      ).status,
    ).toBe(403);
  });
});

describe('masking party names and the reporter’s phone, by role', () => {
  let ownCase: Case;
  let otherCase: Case;
  beforeAll(async () => {
    ownCase = await report(own.building, cookies.worker);
    otherCase = await report(other.building, cookies.admin);
  });

  const get = async (id: number, who: keyof typeof cookies): Promise<Case> => {
    const res = await call('GET', `/api/disputes/${id}`, undefined, cookies[who]);
    expect(res.status).toBe(200);
    return res.json();
  };

  it.each(['admin', 'planner'] as const)('%s sees every case in full', async (who) => {
    const seen = await get(ownCase.id, who);
    expect(seen.parties).toEqual(PARTIES);
    expect(seen.reporterPhone).toBe(workerPhone);
    expect(seen.personalDataMasked).toBe(false);
    expect((await get(otherCase.id, who)).parties).toEqual(PARTIES);
  });

  it('the cell’s grid worker sees their cell’s case in full, in the register too', async () => {
    const seen = await get(ownCase.id, 'worker');
    expect(seen.parties).toEqual(PARTIES);
    expect(seen.description).toBe('甄士隐家漏水影响贾雨村家');
    expect(seen.nextStatuses).toEqual(['accepted', 'referred']);
    const list: Case[] = await (await call('GET', `/api/disputes?cellCode=${own.cell}`, undefined, cookies.worker)).json();
    expect(list.find((c) => c.id === ownCase.id)?.parties).toEqual(PARTIES);
    expect(list.every((c) => c.cellCode === own.cell)).toBe(true);
  });

  it('an official reads every case with names, their mentions and the phone masked, and may not act', async () => {
    const seen = await get(ownCase.id, 'official');
    expect(seen.parties).toEqual(['甄**', '贾**']);
    expect(seen.description).toBe('甄**家漏水影响贾**家');
    expect(seen.reporterPhone).toBe(`${workerPhone.slice(0, 3)}****${workerPhone.slice(-4)}`);
    expect(seen.personalDataMasked).toBe(true);
    expect(seen.nextStatuses).toEqual([]);
    const list = await (await call('GET', '/api/disputes', undefined, cookies.official)).text();
    // (checked with includes so a failure does not print the whole register)
    expect(PARTIES.filter((name) => list.includes(name))).toEqual([]);
    expect(list.includes(workerPhone)).toBe(false);
    const demoParty = (
      await q<{ name: string }>('SELECT parties[1] AS name FROM dispute WHERE cardinality(parties) > 0 AND id <= $1 LIMIT 1', [mark])
    )[0].name;
    expect(list.includes(demoParty)).toBe(false);
  });
});

describe('POST /api/disputes/{id}/status: the life cycle, versioned and audited', () => {
  let current: Case;
  beforeAll(async () => {
    current = await report(own.building, cookies.worker);
  });
  const move = (status: string, version: number, who: keyof typeof cookies = 'worker', note = '处理说明') =>
    call('POST', `/api/disputes/${current.id}/status`, { version, status, note }, cookies[who]);

  it('refuses a skipped step (reported → resolved) with 409 and the allowed moves', async () => {
    const res = await move('resolved', current.version);
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe('dispute.invalid_transition');
    expect(body.error.params).toMatchObject({ from: 'reported', to: 'resolved', allowed: ['accepted', 'referred'] });
  });

  it('moves reported → accepted → mediating → resolved, keeping each note in the history and the audit log', async () => {
    for (const status of ['accepted', 'mediating', 'resolved']) {
      const res = await move(status, current.version, 'worker', `到${status}`);
      expect(res.status).toBe(200);
      const moved: Case = await res.json();
      expect(moved.status).toBe(status);
      expect(moved.version).toBe(current.version + 1);
      current = moved;
    }
    expect(current.history.map((h) => [h.fromStatus, h.toStatus, h.note])).toEqual([
      [null, 'reported', ''],
      ['reported', 'accepted', '到accepted'],
      ['accepted', 'mediating', '到mediating'],
      ['mediating', 'resolved', '到resolved'],
    ]);
    expect(current.nextStatuses).toEqual([]);
    const audited = await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'dispute' AND entity_id = $1`, [
      String(current.id),
    ]);
    expect(audited[0].n).toBe(4);
    const [row] = await q<{ mediated: boolean; closed: boolean }>(
      'SELECT mediated_at IS NOT NULL AS mediated, closed_at IS NOT NULL AS closed FROM dispute WHERE id = $1',
      [current.id],
    );
    expect(row).toEqual({ mediated: true, closed: true });
  });

  it('answers 409 to a stale version, 400 without a note, 403 to an official and to a worker outside the cell', async () => {
    const fresh = await report(other.building, cookies.admin);
    const to = (body: object, who: keyof typeof cookies) => call('POST', `/api/disputes/${fresh.id}/status`, body, cookies[who]);
    expect((await to({ version: fresh.version + 1, status: 'accepted', note: 'x' }, 'admin')).status).toBe(409);
    const noNote = await to({ version: fresh.version, status: 'accepted', note: ' ' }, 'admin');
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).error.details[0].field).toBe('json.note');
    expect((await to({ version: fresh.version, status: 'accepted', note: 'x' }, 'official')).status).toBe(403);
    expect((await to({ version: fresh.version, status: 'accepted', note: 'x' }, 'worker')).status).toBe(403);
    expect((await to({ version: fresh.version, status: 'accepted', note: 'x' }, 'planner')).status).toBe(200);
  });

  it('lists overdue open cases only under overdue=true', async () => {
    await q(`UPDATE dispute SET deadline = current_date - 1 WHERE id = $1`, [current.id]);
    const late = await report(own.building, cookies.worker);
    await q(`UPDATE dispute SET deadline = current_date - 1 WHERE id = $1`, [late.id]);
    const overdue: Case[] = await (await call('GET', '/api/disputes?overdue=true', undefined, cookies.admin)).json();
    // The resolved case is past its deadline but closed: not overdue.
    expect(overdue.some((c) => c.id === late.id)).toBe(true);
    expect(overdue.some((c) => c.id === current.id)).toBe(false);
    expect(overdue.every((c) => c.overdue && ['reported', 'accepted', 'mediating'].includes(c.status))).toBe(true);
  });
});

describe('PUT /api/disputes/{id}/photo', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  let target: Case;
  beforeAll(async () => {
    target = await report(own.building, cookies.worker);
  });
  const put = async (bytes: Uint8Array, type: string, who: keyof typeof cookies = 'worker') =>
    (await testApp()).request(`/api/disputes/${target.id}/photo`, {
      method: 'PUT',
      headers: { 'Content-Type': type, Cookie: cookies[who] },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  const stored = async () =>
    (await q<{ n: number }>('SELECT count(*)::int AS n FROM dispute_photo WHERE dispute_id = $1', [target.id]))[0].n;

  it('refuses a photo over 2 MB with 413 naming the photo field, and stores nothing', async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    const res = await put(big, 'image/jpeg');
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe('dispute.photo_too_large');
    expect(body.error.details).toEqual([expect.objectContaining({ field: 'photo', code: 'dispute.photo_too_large' })]);
    expect(await stored()).toBe(0);
  });

  it('refuses a GIF and a PNG labelled JPEG with 415 naming the photo field, and stores nothing', async () => {
    for (const [bytes, type] of [
      [new TextEncoder().encode('GIF89a...'), 'image/gif'],
      [PNG, 'image/jpeg'],
    ] as const) {
      const res = await put(bytes, type);
      expect(res.status).toBe(415);
      expect((await res.json()).error.details[0].field).toBe('photo');
    }
    expect(await stored()).toBe(0);
    expect((await call('GET', `/api/disputes/${target.id}/photo`, undefined, cookies.admin)).status).toBe(404);
  });

  it('stores a PNG and serves it to those who see the case’s personal data only', async () => {
    const res = await put(PNG, 'image/png');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: target.id, hasPhoto: true, bytes: PNG.byteLength, contentType: 'image/png' });
    const served = await call('GET', `/api/disputes/${target.id}/photo`, undefined, cookies.admin);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect((await call('GET', `/api/disputes/${target.id}/photo`, undefined, cookies.worker)).status).toBe(200);
    expect((await call('GET', `/api/disputes/${target.id}/photo`, undefined, cookies.official)).status).toBe(403);
    expect((await call('GET', `/api/disputes/${target.id}/photo`)).status).toBe(401);
  });
});
