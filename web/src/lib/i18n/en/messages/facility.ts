// English texts of the server's facility codes. Amounts (`…Yuan`) arrive formatted as CNY by the facility screens.
import type { facilityMessages } from '$contract/messages/facility';
import type { Text } from '../../types';

export const facility: Record<keyof typeof facilityMessages, Text> = {
  'project.not_found': 'No project {id}',
  'project.invalid_transition': 'A project cannot go from “{from}” to “{to}” (allowed: {allowed})',
  'project.cancelled_final': 'A cancelled project cannot be changed',
  'project.field.finish_before_start': 'The finish {finish} is before the start {start}',
  'project.field.actual_in_future': 'The actual date {date} is after today ({today})',
  'project.field.not_started': 'The project has not started; start it before giving an actual start date',
  'project.field.not_delivered': 'Only a delivered project has an actual finish date',
  'project.field.progress_delivered': 'A delivered project is 100 % complete',
  'project.field.unknown_person': 'No person {id}',

  'facility.option.not_found': 'No facility option {code}',
  'facility.option.code_taken': 'Another option already has the code {code}',
  'facility.option.withdraw_with_project':
    'Option {code} has a live project ({projectStatus}); cancel the project before withdrawing the option',
  'facility.option.delete_with_project': 'Option {code} has a project, so it cannot be deleted; withdraw it instead',
  'facility.field.released_not_swap': 'Only a swap gives up existing space; use 0 for other methods',
  'facility.field.released_not_less': 'Must be less than the area ({areaM2} m²): a swap must gain space',
  'facility.field.unknown_community': 'No community with code {communityCode}',
  'facility.field.site_too_far':
    'The point is {distanceKm} km from community {communityCode} (at most {maxKm} km; are longitude and latitude swapped?)',

  'facility.scenario.not_found': 'No scenario #{id}',
  'facility.scenario.not_solved': 'Scenario #{id} is already {state}',
  'facility.scenario.nothing_to_approve': 'Scenario #{id} chooses no options; there is nothing to approve',
  'facility.scenario.options_changed':
    'Options changed since this scenario was solved ({options} withdrawn, deleted or delivered); solve it again',
  'facility.field.budget_too_short': 'Yearly budgets are given for {entries} years, but a {years}-year deadline needs one per year',
  'facility.field.default_budget_too_short':
    'The default budget (setting facility.budgetPerYear) covers {entries} years, but the deadline is {years} years',
  'facility.field.unknown_option': 'No option with code {option}',
  'facility.field.option_delivered': 'Option {option} is already delivered',
  'facility.field.option_withdrawn': 'Option {option} is withdrawn',
  'facility.field.force_and_forbid': 'Option {option} is both forced and left out',
  'facility.field.option_too_late': 'Option {option} is available only after {months} months, after the {years}-year deadline',
  'facility.field.option_in_progress': 'Option {option} is in progress; cancel its project before leaving it out',
  'facility.field.compare_distinct': 'Compare 2 to 6 different scenarios',

  'facility.reason.area_unreachable': 'best reachable {bestAreaM2} m² < required {requiredAreaM2} m²',
  'facility.reason.not_analysed':
    "best reachable {bestAreaM2} m² ≥ required {requiredAreaM2} m², but it does not fit the budget and the other communities' choices (not analysed further: time limit reached)",
  'facility.reason.budget_short': 'budget short by {shortfallYuan} in {shortYears}',
  'facility.reason.budget_short_together':
    'budget short by {shortfallYuan} in {shortYears} to bring it up to standard together with the other communities',
  'facility.reason.options_taken': 'the options it needs ({options}) are used by other communities ({takenBy})',
  'facility.reason.forced_conflict': 'cannot be brought up to standard together with the forced options and the other communities',
  'facility.detail.current_area': 'current {currentAreaM2} m²',
  'facility.detail.usable_options': { one: '{count} usable option', other: '{count} usable options' },
  'facility.detail.late_options': {
    one: '{count} option ready only after the {years}-year deadline',
    other: '{count} options ready only after the {years}-year deadline',
  },
  'facility.detail.uncertain_excluded': 'uncertain options not counted',
  'facility.detail.site_cap': 'at most {maxSites} per community',
  'facility.detail.cheapest': 'the cheapest way to comply costs {cheapestYuan}',
  'facility.detail.cheapest_alone': 'on its own the cheapest way to comply costs {cheapestYuan}',
  'facility.detail.no_plan_in_time': 'no plan found in time',
  'facility.detail.over_total_budget': 'more than the {budgetYuan} budgeted for {firstYear}–{lastYear}',
  'facility.detail.yearly_budgets': 'the yearly budgets ({budgetsYuan} for {budgetYears}) cannot pay for it',

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
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the budget does not cover it (on its own the cheapest way costs {cheapestYuan})',
  'facility.community.none_budget':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the budget does not cover it',
  'facility.community.none_taken':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the options it needs ({options}) go to other communities',
  'facility.community.none_forced':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen: the forced options leave no room for it',
  'facility.community.none_unanalysed':
    '{currentAreaM2} m² now, standard {requiredAreaM2} m², short {shortM2} m²; nothing chosen (not analysed further: time limit reached)',
  'facility.stored_text': '{text}',

  'facility.note.force_unknown': 'forced option {option} does not exist; ignored',
  'facility.note.force_and_forbid': 'option {option} is both forced and left out; it is not used',
  'facility.note.force_too_late':
    'forced option {option} is available only after {months} months, after the end of {deadlineYear}; ignored',
  'facility.note.force_serves_none': 'forced option {option} serves none of the communities; ignored',
  'facility.note.forced_over_budget': 'the forced options cannot all be paid for within the yearly budgets',

  'locate.cost_rows': 'The cost matrix has {rows} rows, expected {expected} (one per demand point)',
  'locate.cost_columns': 'Cost row {row} has {entries} entries, expected {expected} (one per site)',
  'locate.p_too_large': 'p = {p} exceeds the number of sites ({sites})',
  'locate.p_below_fixed': 'p = {p} is less than the number of fixed sites ({fixed})',
  'locate.radius_required': 'A covering radius is required for maximal covering',
  'locate.duplicate_id': 'The id “{id}” appears twice in {list}',
  'locate.matrix_too_large': '{entries} matrix entries; at most {max} are solved here (use the command line for larger problems)',
  'siting.unknown_community': 'No community with code {communityCode}',
  'siting.no_sites': 'There are no candidate sites in this scope',
  'siting.no_households': 'There are no households in this scope',
  'siting.p_too_large': 'p = {p} exceeds the {sites} sites in scope ({options} candidate options, {facilities} existing facilities)',
  'siting.p_below_fixed':
    'p = {p} is less than the {fixed} existing facilities, which stay open (untick “existing facilities stay open” to leave them out)',
  'siting.too_large': '{points} demand points × {sites} sites is too large; group by compound or pick one community',
};
