// The admin's basemap choice as the maps draw it, asked once per page load and shared by every map.
import type { PublicBasemap } from '$contract/basemap';
import { api } from './api';

export type { PublicBasemap };

let pending: Promise<PublicBasemap | null> | null = null;

/** The basemap (null for none). A failure to ask means none: the app's own layers are the map. */
export function publicBasemap(): Promise<PublicBasemap | null> {
  pending ??= api.publicSettings().then(
    (settings) => settings.basemap,
    (error: unknown) => {
      console.warn('Basemap setting:', error);
      pending = null;
      return null;
    },
  );
  return pending;
}

/** After the admin changes the basemap: the next map asks again. */
export function forgetBasemap(): void {
  pending = null;
}
