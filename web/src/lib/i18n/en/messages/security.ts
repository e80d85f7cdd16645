// English texts of the sign-in throttle and separation-of-duties refusals.
import type { securityMessages } from '$contract/messages/security';
import type { Text } from '../../types';

export const security: Record<keyof typeof securityMessages, Text> = {
  'auth.too_many_attempts': 'Too many failed sign-ins; try again in {minutes} minute(s)',
  'grid.plan.self_approval': 'Plan {id} was submitted by {username}; someone else must approve it',
  'facility.scenario.self_approval': 'Scenario {id} was solved by {username}; someone else must approve it',
};
