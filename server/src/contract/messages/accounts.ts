/** English fallback texts of account administration and the own-password change. */
export const accountsMessages = {
  'account.not_found': 'No account named {username}',
  'account.exists': 'An account named {username} already exists',
  'account.unknown_cells': 'Unknown cell codes: {codes}',
  'account.last_admin': 'The last active admin cannot be disabled or lose the admin role',
  'account.self_disable': 'You cannot disable your own account',
  'account.wrong_password': 'The current password is wrong',
  'account.password_too_short': 'A password needs at least {minimum} characters',
} as const;
