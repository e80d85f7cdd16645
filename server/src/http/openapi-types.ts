/** How a route describes itself for the OpenAPI document (each route module exports a list). */
import type { ZodType } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template under /api, e.g. `/communities/{code}`. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; empty = public. `['*']` = any signed-in user. */
  roles?: string[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Short description of the success response. */
  returns: string;
  /** Extra error statuses this route answers, with why. */
  errors?: Record<number, string>;
}
