// Writes the demo disputes and hazards with their histories, routed like a live report (cell from
// the published plan), and the community offices' public phones.
import type { Queryable } from '../../server/src/db/pool';
import type { DemoTown } from '../generator/types';
import { generateDisputes, generateOffices } from '../generator/disputes';
import { WORKER_COMMUNITY_CODE } from '../generator/index';
import { DEADLINE_DAYS } from '../../server/src/domain/disputes/deadlines';
import { insertJson } from './bulk';

/** Needs the published grid plans and accounts in place. Returns the number of cases. */
export async function insertDisputes(c: Queryable, town: DemoTown): Promise<number> {
  const cases = generateDisputes(town, WORKER_COMMUNITY_CODE);
  await insertJson(
    c,
    `INSERT INTO dispute (id, kind, category, building_code, community_code, county_code, cell_code, parties, description, reported_by,
                          reporter_phone, reported_at, status, deadline, mediated_at, closed_at)
     SELECT r.id, r.kind, r.category, r.building_code, b.community_code, b.county_code,
            (SELECT g.code FROM cell_building cb
               JOIN grid_plan p ON p.id = cb.plan_id AND p.county_code = cb.county_code AND p.status = 'published'
               JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
              WHERE cb.building_code = b.code AND cb.county_code = b.county_code AND g.valid_to IS NULL LIMIT 1),
            ARRAY(SELECT json_array_elements_text(r.parties)), r.description, r.reported_by,
            (SELECT pe.phone FROM app_user u JOIN person pe ON pe.id = u.person_id WHERE u.username = r.reported_by),
            now() - r.days_ago * interval '1 day', r.status,
            ((now() - r.days_ago * interval '1 day')::date + r.deadline_days),
            CASE WHEN r.mediated_days_ago IS NULL THEN NULL ELSE now() - r.mediated_days_ago * interval '1 day' END,
            CASE WHEN r.closed_days_ago IS NULL THEN NULL ELSE now() - r.closed_days_ago * interval '1 day' END
       FROM json_to_recordset($1::json) AS r(id bigint, kind text, category text, building_code text, parties json, description text,
              reported_by text, days_ago float8, status text, deadline_days int, mediated_days_ago float8, closed_days_ago float8)
       JOIN building b ON b.code = r.building_code`,
    cases.map((x) => {
      const last = x.events[x.events.length - 1];
      const closed = ['resolved', 'failed', 'referred'].includes(last.toStatus);
      return {
        id: x.id,
        kind: x.kind,
        category: x.category,
        building_code: x.buildingCode,
        parties: x.parties,
        description: x.description,
        reported_by: x.reportedBy,
        days_ago: x.daysAgo,
        status: last.toStatus,
        deadline_days: DEADLINE_DAYS[x.kind][x.category],
        mediated_days_ago: x.events.find((e) => e.toStatus === 'mediating')?.daysAgo ?? null,
        closed_days_ago: closed ? last.daysAgo : null,
      };
    }),
  );
  await insertJson(
    c,
    `INSERT INTO dispute_event (dispute_id, county_code, from_status, to_status, note, username, at)
     SELECT r.dispute_id, left(r.building_code, 6), r.from_status, r.to_status, r.note, r.username, now() - r.days_ago * interval '1 day'
       FROM json_to_recordset($1::json) AS r(dispute_id bigint, building_code text, from_status text, to_status text, note text,
                                             username text, days_ago float8)`,
    cases.flatMap((x) =>
      x.events.map((e) => ({
        dispute_id: x.id,
        building_code: x.buildingCode,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        note: e.note,
        username: x.reportedBy,
        days_ago: e.daysAgo,
      })),
    ),
  );
  await c.query(
    `SELECT setval(pg_get_serial_sequence('dispute', 'id'), GREATEST(1, (SELECT COALESCE(max(id), 0) FROM dispute)), (SELECT count(*) > 0 FROM dispute))`,
  );
  await insertJson(
    c,
    `INSERT INTO community_office (community_code, county_code, phone, address)
     SELECT r.community_code, left(r.community_code, 6), r.phone, r.address FROM json_to_recordset($1::json) AS r(community_code text, phone text, address text)`,
    generateOffices(town).map((o) => ({ community_code: o.communityCode, phone: o.phone, address: o.address })),
  );
  return cases.length;
}
