import type { field as zh } from '../zh-CN/field';
import type { Text } from '../types';

export const field: Record<keyof typeof zh, Text> = {
  'field.retry': 'Retry',
  'field.locate.denied': 'No permission to use your location: allow it for this site in the browser settings',
  'field.locate.unavailable': 'Your location cannot be found right now; try outdoors or again later',
  'field.locate.timeout': 'Finding your location took too long; try again',
  'field.locate.unsupported': 'This browser cannot share its location',
  'field.tabs.label': 'Bottom navigation',
  'field.tabs.more': 'More',
  'field.largeScreen.title': 'The grid editor needs a larger screen',
  'field.largeScreen.body':
    'Open the grid editor on a computer or tablet (at least 900 pixels wide). On a phone you can look up buildings and see who is responsible.',
  'field.largeScreen.lookup': 'Look up a building',
};
