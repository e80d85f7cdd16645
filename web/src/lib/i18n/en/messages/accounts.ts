// English texts of the server's account codes.
import type { accountsMessages } from '$contract/messages/accounts';
import type { Text } from '../../types';

export const accounts: Record<keyof typeof accountsMessages, Text> = {
  'account.not_found': 'No account named {username}',
  'account.exists': 'An account named {username} already exists',
  'account.unknown_cells': 'Unknown cell codes: {codes}',
  'account.last_admin': 'The last active admin cannot be disabled or lose the admin role',
  'account.self_disable': 'You cannot disable your own account',
  'account.wrong_password': 'The current password is wrong',
  'account.password_too_short': 'A password needs at least {minimum} characters',
};
