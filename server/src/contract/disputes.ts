/** The register of disputes and hazards (矛盾纠纷调处、隐患排查): vocabularies, requests and answers. */
import { z } from 'zod';
import { version } from './common';

export const DISPUTE_KINDS = ['dispute', 'hazard'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];

/** Categories per kind; `other` exists in both. */
export const DISPUTE_CATEGORIES = {
  dispute: ['neighbour', 'family', 'property_management', 'labour', 'land_housing', 'other'],
  hazard: ['fire', 'structural', 'public_order', 'sanitation', 'other'],
} as const;
export const ALL_CATEGORIES = [...new Set([...DISPUTE_CATEGORIES.dispute, ...DISPUTE_CATEGORIES.hazard])] as [string, ...string[]];
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[DisputeKind][number];

/** reported → accepted → mediating → resolved | failed | referred (see domain/disputes/transitions.ts). */
export const DISPUTE_STATUSES = ['reported', 'accepted', 'mediating', 'resolved', 'failed', 'referred'] as const;
export const disputeStatusSchema = z.enum(DISPUTE_STATUSES);
export type DisputeStatus = z.infer<typeof disputeStatusSchema>;
/** Statuses of a case still being worked on (the deadline and the overdue flag apply to these). */
export const OPEN_STATUSES: readonly DisputeStatus[] = ['reported', 'accepted', 'mediating'];

const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
const cellCode = z.string().regex(/^[0-9]{15}$/, 'a cell code is 15 digits');
const buildingCode = z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits');

export const disputeCreate = z
  .object({
    kind: z.enum(DISPUTE_KINDS),
    category: z.enum(ALL_CATEGORIES),
    buildingCode,
    parties: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
    description: z.string().trim().min(1).max(2000),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!(DISPUTE_CATEGORIES[body.kind] as readonly string[]).includes(body.category)) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: `a ${body.kind} is one of ${DISPUTE_CATEGORIES[body.kind].join(', ')}` });
    }
  });
export type DisputeCreate = z.infer<typeof disputeCreate>;

export const disputeQuery = z.object({
  status: disputeStatusSchema.optional(),
  kind: z.enum(DISPUTE_KINDS).optional(),
  communityCode: communityCode.optional(),
  cellCode: cellCode.optional(),
  /** `true`: only open cases past their deadline. */
  overdue: z.enum(['true', 'false']).optional(),
});

export const statusChange = z.object({ version, status: disputeStatusSchema, note: z.string().trim().min(1).max(500) }).strict();

export const disputeSchema = z.object({
  id: z.number().int(),
  kind: z.enum(DISPUTE_KINDS),
  category: z.string(),
  status: disputeStatusSchema,
  buildingCode: z.string(),
  buildingName: z.string(),
  address: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  cellCode: z.string().nullable(),
  /** Masked (`张*`) unless the caller sees this cell's personal data. */
  parties: z.array(z.string()),
  description: z.string(),
  hasPhoto: z.boolean(),
  reportedBy: z.string(),
  /** Masked like every phone unless the caller sees this cell's personal data. */
  reporterPhone: z.string().nullable(),
  reportedAt: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  closedAt: z.string().nullable(),
  lng: z.number(),
  lat: z.number(),
  personalDataMasked: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Dispute = z.infer<typeof disputeSchema>;

export const disputeEventSchema = z.object({
  at: z.string(),
  username: z.string().nullable(),
  fromStatus: disputeStatusSchema.nullable(),
  toStatus: disputeStatusSchema,
  note: z.string(),
});

export const disputeDetailSchema = disputeSchema.extend({
  history: z.array(disputeEventSchema),
  /** The cell's grid leaders and workers the case is routed to (names only). */
  routedTo: z.array(z.object({ name: z.string(), role: z.string() })),
  /** Statuses the caller may move the case to now (empty when they may not handle it). */
  nextStatuses: z.array(disputeStatusSchema),
});
export type DisputeDetail = z.infer<typeof disputeDetailSchema>;

export const RATE_SCOPES = ['cell', 'community', 'town'] as const;
export const ratesQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  scope: z.enum(RATE_SCOPES).default('community'),
});

export const rateRowSchema = z.object({
  /** Cell code, community code, or the town code. */
  code: z.string(),
  name: z.string(),
  reported: z.number().int(),
  mediated: z.number().int(),
  resolved: z.number().int(),
  /** mediated / reported; null with nothing reported. */
  mediationRate: z.number().nullable(),
  /** resolved / mediated; null with nothing mediated. */
  successRate: z.number().nullable(),
});
export type RateRow = z.infer<typeof rateRowSchema>;

export const ratesSchema = z.object({
  year: z.number().int(),
  scope: z.enum(RATE_SCOPES),
  /** The plan's targets: mediation rate ≥ 98 %, success rate ≥ 90 %. */
  targets: z.object({ mediationRate: z.number(), successRate: z.number() }),
  rows: z.array(rateRowSchema),
});

export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const photoSaved = z.object({
  id: z.number().int(),
  hasPhoto: z.literal(true),
  bytes: z.number().int(),
  contentType: z.enum(PHOTO_TYPES),
});
