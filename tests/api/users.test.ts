import { describe, expect, it } from 'vitest';
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';
import { updateUser } from '../../server/src/db/users';

const PASSWORD = 'correct horse battery';
let serial = 0;
/** A username no other test uses (tests create their own accounts). */
const uniqueName = (stem: string) => `${stem}-${process.pid}-${++serial}`;

async function login(username: string, password: string): Promise<Response> {
  return call('POST', '/api/auth/login', { username, password });
}
async function cookieOf(username: string, password = PASSWORD): Promise<string> {
  const res = await login(username, password);
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}
async function addUser(body: Record<string, unknown>): Promise<Response> {
  return call('POST', '/api/users', body, await loginAs('admin'));
}
async function aCellCode(): Promise<string> {
  const db = await testDb();
  const { rows } = await db.withClient((q) =>
    q.query<{ code: string }>('SELECT code FROM grid_cell WHERE code IS NOT NULL ORDER BY code LIMIT 1'),
  );
  return rows[0].code;
}

describe('GET /api/users', () => {
  it('lists the accounts to an admin without password hashes', async () => {
    const res = await call('GET', '/api/users', undefined, await loginAs('admin'));
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    expect(list.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'planner', 'official', 'worker']));
    expect(JSON.stringify(list)).not.toMatch(/scrypt|password/i);
  });

  it('refuses other roles (403) and anonymous callers (401)', async () => {
    expect((await call('GET', '/api/users', undefined, await loginAs('planner'))).status).toBe(403);
    expect((await call('GET', '/api/users')).status).toBe(401);
  });
});

describe('POST /api/users', () => {
  it('adds an account that can then log in, with its cells', async () => {
    const username = uniqueName('clerk');
    const cell = await aCellCode();
    const res = await addUser({ username, role: 'worker', cells: [cell], password: PASSWORD });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ username, role: 'worker', cells: [cell], disabled: false });
    const me = await call('GET', '/api/auth/me', undefined, await cookieOf(username));
    expect((await me.json()).cells).toEqual([cell]);
  });

  it('answers 409 for a taken username and leaves the account as it was', async () => {
    const res = await addUser({ username: 'planner', role: 'admin', password: PASSWORD });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('account.exists');
    expect((await login('planner', 'demo')).status).toBe(200);
    expect((await login('planner', PASSWORD)).status).toBe(401);
  });

  it('refuses a password under 10 characters and unknown cells (400), creating nothing', async () => {
    const username = uniqueName('short');
    expect((await addUser({ username, role: 'worker', password: '123456789' })).status).toBe(400);
    const bad = await addUser({ username, role: 'worker', cells: ['999999999999999'], password: PASSWORD });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('account.unknown_cells');
    const list = (await (await call('GET', '/api/users', undefined, await loginAs('admin'))).json()) as Array<{ username: string }>;
    expect(list.some((u) => u.username === username)).toBe(false);
  });

  it('is for admins only', async () => {
    const res = await call(
      'POST',
      '/api/users',
      { username: uniqueName('x'), role: 'admin', password: PASSWORD },
      await loginAs('planner'),
    );
    expect(res.status).toBe(403);
  });

  it('keeps the password out of the audit log', async () => {
    const username = uniqueName('audited');
    const secret = 'a very secret phrase 42';
    expect((await addUser({ username, role: 'official', password: secret })).status).toBe(201);
    const db = await testDb();
    const { rows } = await db.withClient((q) =>
      q.query("SELECT * FROM audit_log WHERE entity = 'app_user' AND entity_id = $1", [username]),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toMatch(/scrypt\$/);
  });
});

describe('PATCH /api/users/{username}', () => {
  it('changes the role with the current version and answers 409 for a stale one', async () => {
    const username = uniqueName('mover');
    const created = await (await addUser({ username, role: 'worker', password: PASSWORD })).json();
    const admin = await loginAs('admin');
    const ok = await call('PATCH', `/api/users/${username}`, { version: created.version, role: 'planner' }, admin);
    expect(ok.status).toBe(200);
    expect((await ok.json()).role).toBe('planner');
    const stale = await call('PATCH', `/api/users/${username}`, { version: created.version, role: 'official' }, admin);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('stale_version');
    const me = await call('GET', '/api/auth/me', undefined, await cookieOf(username));
    expect((await me.json()).role).toBe('planner');
  });

  it('disabling ends the sessions and refuses login; enabling lets the user back in', async () => {
    const username = uniqueName('leaver');
    const created = await (await addUser({ username, role: 'worker', password: PASSWORD })).json();
    const session = await cookieOf(username);
    expect((await call('GET', '/api/auth/me', undefined, session)).status).toBe(200);
    const admin = await loginAs('admin');
    const off = await call('PATCH', `/api/users/${username}`, { version: created.version, disabled: true }, admin);
    expect(off.status).toBe(200);
    expect((await call('GET', '/api/auth/me', undefined, session)).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(401);
    const db = await testDb();
    const left = await db.withClient((q) =>
      q.query<{ n: number }>('SELECT count(*)::int AS n FROM session WHERE username = $1', [username]),
    );
    expect(left.rows[0].n).toBe(0);
    const on = await call('PATCH', `/api/users/${username}`, { version: (await off.json()).version, disabled: false }, admin);
    expect(on.status).toBe(200);
    expect((await login(username, PASSWORD)).status).toBe(200);
  });

  it('answers 404 for an unknown account and 403 when an admin disables themself', async () => {
    const admin = await loginAs('admin');
    expect((await call('PATCH', '/api/users/nobody-here', { version: 1, disabled: true }, admin)).status).toBe(404);
    const me = (await (await call('GET', '/api/users', undefined, admin)).json()) as Array<{ username: string; version: number }>;
    const own = me.find((u) => u.username === 'admin')!;
    const res = await call('PATCH', '/api/users/admin', { version: own.version, disabled: true }, admin);
    expect(res.status).toBe(403);
    expect((await login('admin', 'demo')).status).toBe(200);
  });

  it('never lets the last active admin go', async () => {
    const db = await testDb();
    const rollback = new Error('rollback');
    await expect(
      db.withTransaction(async (q) => {
        await q.query("UPDATE app_user SET active = false WHERE role = 'admin' AND username <> 'admin'");
        const { rows } = await q.query<{ version: number }>("SELECT version FROM app_user WHERE username = 'admin'");
        await expect(updateUser(q, 'admin', { version: rows[0].version, role: 'planner' }, 'someone')).rejects.toMatchObject({
          code: 'account.last_admin',
        });
        await expect(updateUser(q, 'admin', { version: rows[0].version, disabled: true }, 'someone')).rejects.toMatchObject({
          code: 'account.last_admin',
        });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});

describe('POST /api/auth/password', () => {
  it('changes the own password, keeps this session and ends the others', async () => {
    const username = uniqueName('changer');
    expect((await addUser({ username, role: 'official', password: PASSWORD })).status).toBe(201);
    const here = await cookieOf(username);
    const elsewhere = await cookieOf(username);
    const next = 'another long passphrase';
    const res = await call('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: next }, here);
    expect(res.status).toBe(200);
    expect((await call('GET', '/api/auth/me', undefined, here)).status).toBe(200);
    expect((await call('GET', '/api/auth/me', undefined, elsewhere)).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(401);
    expect((await login(username, next)).status).toBe(200);
  });

  it('refuses a wrong current password (403) and a short new one (400), keeping the old password', async () => {
    const username = uniqueName('keeper');
    expect((await addUser({ username, role: 'worker', password: PASSWORD })).status).toBe(201);
    const here = await cookieOf(username);
    const wrong = await call('POST', '/api/auth/password', { currentPassword: 'not it at all', newPassword: 'long enough 123' }, here);
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('account.wrong_password');
    expect((await call('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, here)).status).toBe(400);
    expect((await login(username, PASSWORD)).status).toBe(200);
  });

  it('needs a session', async () => {
    expect((await call('POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'long enough 123' })).status).toBe(401);
  });
});

describe('cells given to an account', () => {
  it('open personal data on the lookup in those cells only, like cells held through an assignment', async () => {
    const db = await testDb();
    // Two buildings in two different published cells, each cell with a grid worker who has a phone.
    const { rows } = await db.withClient((q) =>
      q.query<{ building: string; cell: string }>(
        `SELECT DISTINCT ON (g.code) cb.building_code AS building, g.code AS cell
           FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published'
           JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role = 'grid_worker'
           JOIN person pe ON pe.id = a.person_id AND pe.phone IS NOT NULL
          ORDER BY g.code, cb.building_code LIMIT 2`,
      ),
    );
    const [own, other] = rows;
    const username = uniqueName('fieldworker');
    expect((await addUser({ username, role: 'worker', cells: [own.cell], password: PASSWORD })).status).toBe(201);
    const cookie = await cookieOf(username);
    const phones = async (building: string) => {
      const res = await call('GET', `/api/buildings/${building}/coverage`, undefined, cookie);
      expect(res.status).toBe(200);
      const chain = (await res.json()) as { phonesMasked: boolean; people: { phone: string | null }[] };
      return { masked: chain.phonesMasked, list: chain.people.map((p) => p.phone).filter((p): p is string => p !== null) };
    };
    const ownPhones = await phones(own.building);
    const otherPhones = await phones(other.building);
    expect(ownPhones.masked).toBe(false);
    expect(otherPhones.masked).toBe(true);
    expect(ownPhones.list.length).toBeGreaterThan(0);
    expect(otherPhones.list.length).toBeGreaterThan(0);
    // Unmasked: 11 digits. Masked: the middle digits hidden.
    expect(ownPhones.list.every((p) => /^1\d{10}$/.test(p))).toBe(true);
    expect(otherPhones.list.every((p) => !/^1\d{10}$/.test(p))).toBe(true);
  });
});
