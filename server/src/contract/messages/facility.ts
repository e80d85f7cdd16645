/** English fallback texts of the facility planning codes (status board, options, scenarios, projects, siting). */
export const facilityMessages = {
  'project.not_found': 'No project {id}',
  'project.invalid_transition': 'A {from} project cannot become {to} (allowed: {allowed})',
} as const;
