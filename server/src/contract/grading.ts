/** ABC × 3 grading rounds: scores from four sources, proposals, changes, confirmation. */
import { z } from 'zod';
import { GRADE_CLASSES, GRADE_SOURCES } from '../domain/grading/grades';

const gradeSchema = z.object({ class: z.enum(GRADE_CLASSES), level: z.number().int().min(1).max(3) });
const score = z.number().min(0).max(100);

export const roundCreate = z.object({ year: z.number().int().min(2000).max(2100) }).strict();

export const scoresPut = z
  .object({
    scores: z
      .array(
        z
          .object({
            communityCode: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
            source: z.enum(GRADE_SOURCES),
            score,
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

export const weightsSchema = z
  .object({ self: z.number().min(0), assessment: z.number().min(0), mutual: z.number().min(0), residents: z.number().min(0) })
  .strict();
export const bandSchema = gradeSchema.extend({ minScore: z.number().min(0).max(100) }).strict();

export const rewardsSchema = z.object({ perLevelYuan: z.number().min(0), perClassYuan: z.number().min(0) }).strict();

/** A round's rules, changeable while it is open: weights (relative), the nine score bands, rewards in yuan. */
export const roundPatch = z
  .object({
    version: z.number().int().positive(),
    weights: weightsSchema.refine((w) => w.self + w.assessment + w.mutual + w.residents > 0, 'at least one weight above 0').optional(),
    bands: z.array(bandSchema).length(9).optional(),
    rewards: rewardsSchema.optional(),
  })
  .strict();

export const roundCommunitySchema = z.object({
  code: z.string(),
  name: z.string(),
  scores: z.object({ self: score.nullable(), assessment: score.nullable(), mutual: score.nullable(), residents: score.nullable() }),
  /** null while any source is missing (the round is incomplete, not scored as zero). */
  weighted: z.number().nullable(),
  proposed: gradeSchema.nullable(),
  previous: gradeSchema.nullable(),
  change: z.enum(['promoted', 'class_up', 'same', 'demoted']).nullable(),
  /** Yuan for a promotion, 0 for none, null when there is nothing to compare. */
  reward: z.number().nullable(),
});

export const roundSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  status: z.enum(['open', 'confirmed']),
  complete: z.boolean(),
  weights: z.object({ self: z.number(), assessment: z.number(), mutual: z.number(), residents: z.number() }),
  bands: z.array(gradeSchema.extend({ minScore: z.number() })),
  rewards: z.object({ perLevelYuan: z.number(), perClassYuan: z.number() }),
  enteredBy: z.array(z.string()),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  version: z.number().int(),
  communities: z.array(roundCommunitySchema),
});
export type Round = z.infer<typeof roundSchema>;

export const roundSummarySchema = z.object({ id: z.number().int(), year: z.number().int(), status: z.enum(['open', 'confirmed']) });

export const gradeHistorySchema = z.array(
  z.object({ code: z.string(), year: z.number().int(), class: z.enum(GRADE_CLASSES), level: z.number().int() }),
);
export type GradeHistory = z.infer<typeof gradeHistorySchema>;
export type { GradeSource } from '../domain/grading/grades';
