/** /api/inbox: the signed-in user's to-do list (待办), by role. */
import { createRoute } from '@hono/zod-openapi';
import { allow, createRouter, json } from '../http/openapi';
import { inboxSchema, type InboxItem, type InboxKind } from '../contract/inbox';
import { plansWaiting, projectsDue, unstaffedCells } from '../db/inbox';
import { townToday } from '../db/town-time';
import { inboxKindsFor } from '../domain/inbox/kinds';
import type { Queryable } from '../db/pool';
import { scopeOf } from '../http/auth';
import type { Scope } from '../domain/access/scope';

async function collect(q: Queryable, kinds: readonly InboxKind[], scope: Scope): Promise<InboxItem[]> {
  const wants = (...some: InboxKind[]) => some.some((kind) => kinds.includes(kind));
  const today = await townToday(q);
  const items: InboxItem[] = [];
  if (wants('plan_submitted')) items.push(...(await plansWaiting(q, 'submitted', scope)));
  if (wants('plan_returned')) items.push(...(await plansWaiting(q, 'rejected', scope)));
  if (wants('cells_unstaffed')) items.push(...(await unstaffedCells(q, today, scope)));
  if (wants('project_due', 'project_overdue')) {
    items.push(...(await projectsDue(q, today, scope)).filter((item) => kinds.includes(item.kind)));
  }
  return items;
}

export const inbox = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['system'],
    summary:
      'To-do items for the caller: submitted plans and projects due or overdue for officials; returned plans and communities with cells that have no grid worker for planners; everything for admins',
    ...allow(),
    responses: { 200: json(inboxSchema, 'The items, oldest first within each kind, and their count') },
  }),
  async (c) => {
    const items = await c.var.db.withClient((q) => collect(q, inboxKindsFor(c.var.user!.role), scopeOf(c)));
    return c.json({ count: items.length, items }, 200);
  },
);
