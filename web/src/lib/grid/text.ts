// The grid screens' server messages in the active language. Parameters that are codes (a plan
// status, a workflow step, a responsibility role) are named in the active language as well.
import { ApiError } from '../api';
import { type Params, errorText, tDynamic, tMessage } from '../i18n/index.svelte';

type Shown = { code: string; params?: Params; message?: string };

const NAMED: Record<string, (code: string) => string> = {
  status: (code) => tDynamic(`grid.status.${code}`, code),
  allowed: (code) => tDynamic(`grid.status.${code}`, code),
  action: (code) => tDynamic(`grid.action.${code}`, code),
  role: (code) => tDynamic(`cellRole.${code}`, code),
};

function named(params: Params = {}): Params {
  const out: Params = { ...params };
  for (const [key, name] of Object.entries(NAMED)) {
    const value = out[key];
    if (typeof value === 'string') out[key] = name(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => name(String(v)));
  }
  return out;
}

/** A grid message (reason, problem, note) in the active language. */
export function gridText(m: Shown): string {
  return tMessage({ ...m, params: named(m.params) });
}

function isMessage(x: unknown): x is Shown {
  return typeof x === 'object' && x !== null && typeof (x as Shown).code === 'string';
}

/** An error of a grid request in the active language, with its first reason or failed check when it lists them. */
export function gridError(err: unknown): string {
  if (!(err instanceof ApiError) || err.code === 'network' || err.code === 'invalid_input') return errorText(err);
  const text = gridText({ code: err.code, params: err.params, message: err.message });
  const details = err.details as { reasons?: unknown[]; problems?: unknown[] } | undefined;
  const first = details?.reasons?.[0] ?? details?.problems?.[0];
  return isMessage(first) ? `${text}: ${gridText(first)}` : text;
}
