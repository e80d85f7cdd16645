// English texts of the server's disputes-register and public-page codes.
import type { disputesMessages } from '$contract/messages/disputes';
import type { Text } from '../../types';

export const disputes: Record<keyof typeof disputesMessages, Text> = {
  'dispute.not_found': 'No dispute or hazard {id}',
  'dispute.invalid_transition': 'A case that is “{from}” cannot become “{to}” (allowed: {allowed})',
  'dispute.outside_cells': 'Case {id} belongs to cell {cellCode}, which is not one of your cells',
  'dispute.building_not_found': 'No building {code}',
  'dispute.photo_too_large': 'The photo is over the {limitMegabytes} MB limit',
  'dispute.photo_type': 'A photo must be a JPEG or PNG image',
  'dispute.photo_empty': 'The photo is empty',
  'dispute.photo_not_found': 'Case {id} has no photo',
  'public.community_not_found': 'No community {code}',
};
