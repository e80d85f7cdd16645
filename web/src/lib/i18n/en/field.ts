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
    'Open the grid editor on a computer or tablet. On a phone you can look up buildings and see who is responsible.',
  'field.largeScreen.lookup': 'Look up a building',
  'field.inbox.title': 'To do',
  'field.inbox.label': 'To do ({count} items)',
  'field.inbox.empty': 'Nothing waiting for you',
  'field.inbox.unnamed': 'unnamed plan',
  'field.inbox.plan_submitted': '{community}: grid plan “{name}” waits for approval',
  'field.inbox.plan_returned': '{community}: grid plan “{name}” was returned for changes',
  'field.inbox.cells_unstaffed': {
    one: '{community}: {count} cell has no grid worker',
    other: '{community}: {count} cells have no grid worker',
  },
  'field.inbox.project_due': '{community}: community office and service space project “{name}” is due in {year}',
  'field.inbox.project_overdue': '{community}: community office and service space project “{name}” is overdue (planned for {year})',
  'field.confirm.back': 'Back',
  'field.project.cancelTitle': 'Cancel project “{name}”?',
  'field.project.cancelBody':
    '{community} will no longer get these {area} of community office and service space; if the approved scenario relied on it, the community will fall short again. The cancelled project stays listed.',
  'field.project.cancelReason': 'Reason for cancelling (required)',
  'field.project.cancelOk': 'Cancel the project',
  'field.project.cancelledOn': 'cancelled {date}',
  'field.board.warnTitle': 'The approved scenario needs attention',
  'field.board.short': '{community}: still {area} short under the approved scenario',
  'field.board.late': {
    one: '{community}: {count} project is past its planned finish',
    other: '{community}: {count} projects are past their planned finish',
  },
  'field.help.years': 'How many years the scenario spans; each year has its own budget.',
  'field.help.weight':
    'What one more kilometre between a household and its space is worth, in yuan. 0 = only compliance and cost count; higher favours sites close to residents.',
  'field.help.maxSites': 'At most this many new spaces per community; with no cap, cost and distance decide.',
  'field.help.pmedian': 'p-median: choose p sites so that the total distance from every household to its nearest space is smallest.',
  'field.help.mclp': 'Maximal covering: choose p sites so that as many households as possible live within the radius.',
  'field.help.p': 'How many spaces to choose; with “keep existing spaces open”, the existing ones count towards p.',
  'field.export.xlsx': 'Export to Excel',
  'field.export.code': 'Community code',
  'field.export.note': 'Note (delivery date or reason for cancelling)',
  'field.export.boardSheet': 'Status board',
  'field.export.projectsSheet': 'Projects',
};
