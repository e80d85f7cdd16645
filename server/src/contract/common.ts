/**
 * Shapes shared by every resource: messages, the error body, field problems, common params.
 * This folder holds only zod schemas and types, so the web app can import its types.
 */
import { z } from 'zod';
import { MESSAGES, messageParamsSchema, type MessageCode } from './messages';

const codes = Object.keys(MESSAGES) as [MessageCode, ...MessageCode[]];

export const messageSchema = z.object({
  code: z.enum(codes),
  params: messageParamsSchema,
  message: z.string(),
});

/** One bad field of a request: `json.minHouseholds`, `query.lng`, `row 12.code`. */
export const fieldProblemSchema = messageSchema.extend({ field: z.string() });
export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const errorBodySchema = z.object({
  error: messageSchema.extend({ details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const idParam = z.object({ id: z.coerce.number().int().positive() });

/** A record's optimistic-lock version, sent back with every write. */
export const version = z.number().int().positive();

export const okSchema = z.object({ ok: z.literal(true) });
