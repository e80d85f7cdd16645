/** The signed-in user's to-do list (待办): what waits on them, by role. */
import { z } from 'zod';

/**
 * plan_submitted: a grid plan waits for approval (officials); plan_returned: a plan was sent
 * back (planners); cells_unstaffed: published cells without a grid worker (planners);
 * project_due / project_overdue: facility projects planned for this year or an earlier one and
 * not yet delivered (officials).
 */
export const INBOX_KINDS = ['plan_submitted', 'plan_returned', 'cells_unstaffed', 'project_due', 'project_overdue'] as const;
export const inboxKindSchema = z.enum(INBOX_KINDS);
export type InboxKind = z.infer<typeof inboxKindSchema>;

export const inboxItemSchema = z.object({
  kind: inboxKindSchema,
  communityCode: z.string(),
  communityName: z.string(),
  /** The grid plan or project the item is about; null for a community-wide count. */
  planId: z.number().int().nullable(),
  projectId: z.number().int().nullable(),
  /** The plan's or project's name; empty for a count. */
  name: z.string(),
  /** How many things the item stands for (cells without a worker); 1 otherwise. */
  count: z.number().int(),
  /** When it started waiting (submitted, returned) or the planned year's date; null when unknown. */
  since: z.string().nullable(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxSchema = z.object({
  /** The number for the header badge: one per item. */
  count: z.number().int(),
  items: z.array(inboxItemSchema),
});
export type Inbox = z.infer<typeof inboxSchema>;
