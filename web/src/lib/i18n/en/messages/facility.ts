// English texts of the server's facility codes.
import type { facilityMessages } from '$contract/messages/facility';
import type { Text } from '../../types';

export const facility: Record<keyof typeof facilityMessages, Text> = {
  'project.not_found': 'No project {id}',
  'project.invalid_transition': 'A project cannot go from “{from}” to “{to}” (allowed: {allowed})',
};
