// The server's facility messages (reasons, details, notes, errors) in the active language. Params
// are data; their names say their unit, so amounts in yuan (`…Yuan`) read as 万元 / CNY, calendar
// years (`…Year`, `…Years`) without digit grouping, and states in the screen's own words.
import type { Message } from '$contract/messages';
import type { InfeasibleEntry, ScenarioParams } from '$contract/facility-plans';
import { errorText, formatList, formatMoney, t, tDynamic, tMessage, type Params } from '../i18n/index.svelte';
import { ApiError } from '../api';

// Params that hold a word of the vocabulary (a state), by the code that carries them.
const projectStatus = (value: string) => tDynamic(`facility.project.status.${value}`, value);
const VOCABULARY: Partial<Record<Message['code'], Record<string, (value: string) => string>>> = {
  'project.invalid_transition': { from: projectStatus, to: projectStatus, allowed: projectStatus },
  'facility.option.withdraw_with_project': { projectStatus },
  'facility.scenario.not_solved': { state: (value) => tDynamic(`facility.scenario.${value}`, value) },
};

function shaped(m: Message): Params {
  const out: Params = {};
  const words = VOCABULARY[m.code] ?? {};
  for (const [name, value] of Object.entries(m.params)) {
    const word = words[name];
    if (word) out[name] = Array.isArray(value) ? value.map((v) => word(String(v))) : typeof value === 'string' ? word(value) : value;
    else if (/Yuan$/.test(name))
      out[name] = Array.isArray(value) ? value.map((v) => formatMoney(Number(v))) : typeof value === 'number' ? formatMoney(value) : value;
    else if (/(Year|Years)$/.test(name)) out[name] = Array.isArray(value) ? value.map(String) : value === null ? value : String(value);
    else out[name] = value;
  }
  return out;
}

/** One message in the active language. */
export function messageText(m: Message): string {
  return tMessage({ ...m, params: shaped(m) });
}

/** Why a community misses the goal, with the figures that qualify the reason. */
export function reasonText(entry: Pick<InfeasibleEntry, 'reason' | 'details'>): string {
  const reason = messageText(entry.reason);
  if (entry.details.length === 0) return reason;
  return t('facility.reasonWithDetails', { reason, details: entry.details.map(messageText).join(t('facility.detailSeparator')) });
}

function isMessage(value: unknown): value is Message {
  return (
    !!value && typeof value === 'object' && typeof (value as Message).code === 'string' && typeof (value as Message).params === 'object'
  );
}

/** A failed request in the active language; a refused form names every field problem it carries. */
export function failureText(err: unknown): string {
  if (err instanceof ApiError && err.code === 'invalid_input' && Array.isArray(err.details)) {
    const problems = err.details.filter(isMessage);
    if (problems.length > 0) return formatList(problems.map(messageText));
  }
  if (err instanceof ApiError) return messageText({ code: err.code as Message['code'], params: err.params, message: err.message });
  return errorText(err);
}

/** A scenario's name, or one made from its parameters when the planner gave none. */
export function scenarioName(s: { name: string; params: Pick<ScenarioParams, 'years' | 'budgetPerYear' | 'basedOn'> }): string {
  if (s.name) return s.name;
  const figures = { count: s.params.years, budgets: s.params.budgetPerYear.map(formatMoney).join(' / ') };
  return s.params.basedOn
    ? t('facility.scenario.defaultNameBasedOn', { ...figures, id: s.params.basedOn })
    : t('facility.scenario.defaultName', figures);
}
