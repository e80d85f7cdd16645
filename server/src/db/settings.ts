/** Settings rows (PRODUCT §4), read and written by the definitions in contract/settings.ts. */
import type { Queryable } from './pool';
import {
  crossRuleViolations,
  DEFAULT_SETTINGS,
  SETTINGS,
  type SettingChange,
  type SettingKey,
  type SettingRow,
  type Settings,
} from '../contract/settings';
import { invalid, notFound } from '../domain/errors';
import { updateVersioned } from './write';

export type { SettingKey, SettingRow, Settings };

export async function listSettings(c: Queryable): Promise<SettingRow[]> {
  const { rows } = await c.query<SettingRow>('SELECT key, value, description, version FROM setting ORDER BY key');
  return rows;
}

const isKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS, key);

/** Every setting's value; a key without a row, or with a value of the wrong shape, has its default. */
export async function getSettings(c: Queryable): Promise<Settings> {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of await listSettings(c)) {
    if (!isKey(row.key)) continue;
    const parsed = SETTINGS[row.key].schema.safeParse(row.value);
    if (parsed.success) settings[row.key] = parsed.data;
  }
  return settings as Settings;
}

/**
 * Applies changes to one or more settings together, each with its version, on the caller's
 * transaction. The settings after the change must keep the rules between keys (min ≤ max, one
 * budget per year); a change that breaks one is refused naming both keys.
 */
export async function updateSettings(c: Queryable, changes: SettingChange[], username: string | null): Promise<SettingRow[]> {
  const next: Record<string, unknown> = { ...(await getSettings(c)) };
  for (const change of changes) {
    if (!isKey(change.key)) throw notFound('settings.unknown_key', { key: change.key });
    const parsed = SETTINGS[change.key].schema.safeParse(change.value);
    if (!parsed.success) throw invalid('settings.invalid_value', { key: change.key });
    next[change.key] = parsed.data;
  }
  const broken = crossRuleViolations(next as Settings)[0];
  if (broken) throw invalid(broken.code, broken.params, { keys: broken.keys });
  for (const change of changes) {
    await updateVersioned(c, {
      entity: 'setting',
      id: change.key,
      expectedVersion: change.version,
      changes: { value: next[change.key] },
      username,
    });
  }
  const keys = new Set<string>(changes.map((ch) => ch.key));
  return (await listSettings(c)).filter((row) => keys.has(row.key));
}
