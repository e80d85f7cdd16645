/** English fallback texts of the production-safety refusals: sign-in throttling and separation of duties. */
export const securityMessages = {
  'auth.too_many_attempts': 'Too many failed sign-ins; try again in {minutes} minute(s)',
  'grid.plan.self_approval': 'Plan {id} was submitted by {username}; someone else must approve it',
  'facility.scenario.self_approval': 'Scenario {id} was solved by {username}; someone else must approve it',
} as const;
