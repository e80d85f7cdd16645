/** English fallback texts of the facility planning codes (status board, options, scenarios, projects, siting). */
export const facilityMessages = {
  'project.not_found': 'No project {id}',
  'project.invalid_transition': 'A {from} project cannot become {to} (allowed: {allowed})',
  'project.cancelled_final': 'A cancelled project cannot be changed',
  'project.field.finish_before_start': '{field}: the finish {finish} is before the start {start}',
  'project.field.actual_in_future': '{field}: {date} is after today ({today})',
  'project.field.not_started': '{field}: a planned project has not started yet; start it first',
  'project.field.not_delivered': '{field}: only a delivered project has an actual finish',
  'project.field.progress_delivered': '{field}: a delivered project is 100 % complete',
  'project.field.unknown_person': '{field}: no person {id}',

  // Option register.
  'facility.option.not_found': 'No facility option {code}',
  'facility.option.code_taken': 'An option with code {code} already exists',
  'facility.option.withdraw_with_project': 'Option {code} has a {projectStatus} project; cancel the project before withdrawing the option',
  'facility.option.delete_with_project': 'Option {code} has a project; withdraw it (status "withdrawn") instead of deleting it',
  'facility.field.released_not_swap': '{field}: only a swap gives up existing space; use 0 for other methods',
  'facility.field.released_not_less': '{field}: must be less than areaM2 ({areaM2}): a swap must gain space',
  'facility.field.unknown_community': '{field}: no community with code {communityCode}',
  'facility.field.site_too_far':
    '{field}: the point is {distanceKm} km from community {communityCode} (at most {maxKm} km; are lng and lat swapped?)',

  // Scenario requests.
  'facility.scenario.not_found': 'No facility scenario {id}',
  'facility.scenario.not_solved': 'Scenario {id} is already {state}',
  'facility.scenario.nothing_to_approve': 'Scenario {id} ({status}) chooses no options; there is nothing to approve',
  'facility.scenario.options_changed':
    'Options changed since this scenario was solved ({options} withdrawn, deleted or delivered); solve it again',
  'facility.field.budget_too_short': '{field}: {entries} yearly budgets, but years = {years} needs one per year',
  'facility.field.default_budget_too_short':
    '{field}: the default budget (setting facility.budgetPerYear) has {entries} yearly budgets, but years = {years} needs one per year',
  'facility.field.unknown_option': '{field}: no option with id {option}',
  'facility.field.option_delivered': '{field}: option {option} is already delivered',
  'facility.field.option_withdrawn': '{field}: option {option} is withdrawn',
  'facility.field.force_and_forbid': '{field}: option {option} is also in forbid',
  'facility.field.option_too_late': '{field}: option {option} is available only after {months} months, after the {years}-year deadline',
  'facility.field.option_in_progress': '{field}: option {option} is in progress; cancel its project before leaving it out',
  'facility.field.compare_distinct': '{field}: compare 2 to 6 different scenarios',

  // Why a community misses the goal (the reason), and the figures that qualify it (details).
  'facility.reason.area_unreachable': 'best reachable {bestAreaM2} m² < required {requiredAreaM2} m²',
  'facility.reason.not_analysed':
    "best reachable {bestAreaM2} m² ≥ required {requiredAreaM2} m², but it does not fit the budget and the other communities' choices (not analysed further: time limit reached)",
  'facility.reason.budget_short': 'budget short by {shortfallYuan} CNY in {shortYears}',
  'facility.reason.budget_short_together':
    'budget short by {shortfallYuan} CNY in {shortYears} to bring it up to standard together with the other communities',
  'facility.reason.options_taken': 'the options it needs are used by other communities: {options} (used by {takenBy})',
  'facility.reason.forced_conflict': 'cannot be brought up to standard together with the forced options and the other communities',
  'facility.detail.current_area': 'current {currentAreaM2} m²',
  'facility.detail.usable_options': '{count} usable options',
  'facility.detail.late_options': '{count} options ready only after the {years}-year deadline',
  'facility.detail.uncertain_excluded': 'uncertain options not counted',
  'facility.detail.site_cap': 'at most {maxSites} per community',
  'facility.detail.cheapest': 'the cheapest way to comply costs {cheapestYuan} CNY',
  'facility.detail.cheapest_alone': 'on its own the cheapest way to comply costs {cheapestYuan} CNY',
  'facility.detail.no_plan_in_time': 'no plan found in time',
  'facility.detail.over_total_budget': 'more than the {budgetYuan} CNY budgeted for {firstYear}–{lastYear}',
  'facility.detail.yearly_budgets': 'the yearly budgets ({budgetsYuan} CNY for {budgetYears}) cannot pay for it',

  // Each community's own figures: area now, standard, shortfall, then what was chosen or why nothing was.
  'facility.community.chosen_meets':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; {count} chosen options add {gainM2} m², compliant in {compliantYear}',
  'facility.community.chosen_short':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; {count} chosen options add {gainM2} m², still {remainingM2} m² short',
  'facility.community.none_deadline':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: its {count} options are ready only after the {years}-year deadline',
  'facility.community.none_option':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: it has no candidate option',
  'facility.community.none_cap':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: with at most {maxSites} sites it reaches only {bestAreaM2} m²',
  'facility.community.none_too_small':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: its {count} options together reach only {bestAreaM2} m²',
  'facility.community.none_budget_cost':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the budget does not cover it (on its own the cheapest way costs {cheapestYuan} CNY)',
  'facility.community.none_budget':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the budget does not cover it',
  'facility.community.none_taken':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the options it needs ({options}) go to other communities',
  'facility.community.none_forced':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the forced options leave no room for it',
  'facility.community.none_unanalysed':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen (not analysed further: time limit reached)',

  // A reason or note of a scenario solved before they were coded: the stored English sentence.
  'facility.stored_text': '{text}',

  // Notes on a scenario: forced options that could not be honoured.
  'facility.note.force_unknown': 'forced option {option} does not exist; ignored',
  'facility.note.force_and_forbid': 'option {option} is both forced and forbidden; it is not used',
  'facility.note.force_too_late':
    'forced option {option} is available only after {months} months, after the end of {deadlineYear}; ignored',
  'facility.note.force_serves_none': 'forced option {option} serves none of the listed communities; ignored',
  'facility.note.forced_over_budget': 'the forced options cannot all be paid for within the yearly budgets',

  // Location problems (`gridplan locate`, /api/locate) and siting over the database.
  'locate.cost_rows': '{field}: cost has {rows} rows, expected {expected} (one per demand)',
  'locate.cost_columns': '{field}: cost row {row} has {entries} entries, expected {expected} sites',
  'locate.p_too_large': '{field}: p = {p} exceeds the number of sites ({sites})',
  'locate.p_below_fixed': '{field}: p = {p} is less than the number of fixed sites ({fixed})',
  'locate.radius_required': '{field}: radius is required when problem is "mclp"',
  'locate.duplicate_id': '{field}: id "{id}" appears twice in {list}',
  'locate.matrix_too_large': '{field}: {entries} entries; at most {max} are solved here (use the CLI for larger problems)',
  'siting.unknown_community': '{field}: no community with code {communityCode}',
  'siting.no_sites': '{field}: there are no candidate sites in this scope',
  'siting.no_households': '{field}: there are no households in this scope',
  'siting.p_too_large':
    '{field}: p = {p} exceeds the {sites} sites in scope ({options} candidate options, {facilities} existing facilities)',
  'siting.p_below_fixed':
    '{field}: p = {p} is less than the {fixed} existing facilities, which stay open (set includeExisting false to leave them out)',
  'siting.too_large': '{field}: {points} demand points × {sites} sites is too large; use demand "compounds" or one community',
} as const;
