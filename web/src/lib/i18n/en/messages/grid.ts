// English texts of the server's grid codes.
import type { gridMessages } from '$contract/messages/grid';
import type { Text } from '../../types';

export const grid: Record<keyof typeof gridMessages, Text> = {
  'grid.plan.not_found': 'No grid plan {id}',
  'grid.community.not_found': 'No community with code {code}',

  'grid.plan.not_editable': 'Plan {id} is {status}; only a draft can be edited',
  'grid.plan.wrong_status': 'Plan {id} is {status}: {action} needs a plan that is {allowed}',
  'grid.plan.not_deletable': 'Plan {id} is {status}; only drafts and rejected plans can be deleted',
  'grid.plan.min_over_max': 'The fewest households ({min}) is more than the most ({max})',
  'grid.plan.other_community': 'Plan {id} belongs to community {community}, not {expected}',
  'grid.plan.integrity_failed': {
    one: '{action} refused: the plan fails {count} integrity check',
    other: '{action} refused: the plan fails {count} integrity checks',
  },
  'grid.plan.no_published_plan': 'Community {community} has no published plan to copy',
  'grid.plan.no_buildings': 'Community {community} has no buildings to put into cells',
  'grid.plan.range_infeasible': 'No plan can keep every cell within {min}–{max} households',
  'grid.compare.different_communities': 'Plans {a} and {b} belong to different communities ({communityA}, {communityB})',

  'grid.range.min_over_max': 'The fewest households ({min}) is more than the most ({max})',
  'grid.range.building_over_max': 'Building {building} alone has {households} households, more than the maximum {max}',
  'grid.range.more_over_max': { one: 'and {count} more building over the maximum', other: 'and {count} more buildings over the maximum' },
  'grid.range.community_under_min': 'The community has only {households} households, fewer than the minimum {min}',
  'grid.range.group_under_min':
    'Connected group {group} (building {building} and {others} more) has only {households} households, fewer than the minimum {min}',
  'grid.range.community_no_count':
    'The community has {households} households: {fewer} cells hold at most {fewerHold}, {more} cells need at least {moreNeed}',
  'grid.range.group_no_count':
    'Connected group {group} (building {building} and {others} more) has {households} households: {fewer} cells hold at most {fewerHold}, {more} cells need at least {moreNeed}',

  'grid.partition.unit_over_max': {
    one: 'Building {buildings} holds {households} households (over {max}); it is a cell alone',
    other: '{count} buildings ({buildings}) hold {households} households (over {max}); they are a cell alone',
  },
  'grid.partition.community_under_min': 'The community has only {households} households (under {min}); it is one cell',
  'grid.partition.group_under_min': {
    one: 'Building {buildings} touches no other building and holds only {households} households (under {min}); it is a cell alone',
    other:
      '{count} buildings ({buildings}) touch no other buildings and hold only {households} households (under {min}); they form one cell',
  },
  'grid.partition.disconnected': 'The buildings form {count} separate groups; each is divided on its own',
  'grid.partition.compound_split': 'Compound {compound} has {households} households (over {max}); spread over {cells} cells',
  'grid.partition.compound_scattered': 'Compound {compound} lies in {pieces} separate pieces; each is kept whole',
  'grid.partition.cell_out_of_range': 'Cell {cell} has {households} households (range {min}–{max})',
  'grid.partition.cell_not_contiguous': 'Cell {cell} is in {pieces} separate pieces',
  'grid.partition.range_widened': 'Grid size widened to {min}–{max} households for this community: {min}–{requestedMax} has no plan',
  'grid.partition.community_no_count':
    'The community has {households} households: {fewer} cells hold at most {fewerHold}, {more} cells need at least {moreNeed}',
  'grid.partition.group_no_count': {
    one: 'Building {buildings} holds {households} households: {fewer} cells hold at most {fewerHold}, {more} cells need at least {moreNeed}',
    other:
      '{count} connected buildings ({buildings}) hold {households} households: {fewer} cells hold at most {fewerHold}, {more} cells need at least {moreNeed}',
  },
  'grid.partition.compounds_do_not_pack':
    'Compounds and buildings {items} ({sizes} households) cannot each stay whole in {cells} cells of {min}–{max} households, even with the other {rest} households placed freely',
  'grid.partition.hemmed_in':
    '{item} ({households} households) fits no cell of {min}–{max}: every connected group of buildings with it has fewer than {min} or more than {max} households',

  'grid.problem.unassigned': '{address} ({households} households) is in no cell',
  'grid.problem.double_assigned': 'Building {building} is in more than one cell (cells {cells})',
  'grid.problem.foreign_building': 'Building {building} belongs to another community',
  'grid.problem.missing_atom': "Building {building} has no atom, so cell {cells} cannot cover it; rebuild the community's atoms",
  'grid.problem.empty_cell': 'Cell {cell} has no building',
  'grid.problem.out_of_range': 'Cell {cell} has {households} households (range {min}–{max})',
  'grid.problem.out_of_range_building_over_max':
    'Cell {cell} has {households} households (range {min}–{max}); unavoidable: building {building} alone is over the maximum',
  'grid.problem.out_of_range_whole_community':
    'Cell {cell} has {households} households (range {min}–{max}); unavoidable: the whole community is one cell',
  'grid.problem.out_of_range_cut_off':
    'Cell {cell} has {households} households (range {min}–{max}); unavoidable: its buildings are cut off from all others',
  'grid.problem.non_contiguous': 'Cell {cell} is in {pieces} separate pieces ({areasM2} m²)',
  'grid.problem.gap': 'A gap of {areaM2} m² belongs to no cell',
  'grid.problem.outside': '{areaM2} m² of the cells lie outside the community',
  'grid.problem.overlap': 'Cells {cells} overlap by {areaM2} m²',
  'grid.problem.low_compactness': 'Cell {cell} is long or ragged: compactness {compactness} is below {min}',

  'grid.edit.nothing_selected': 'No building is selected',
  'grid.edit.outline_empty': 'No building of this community is inside the outline',
  'grid.edit.outline_cuts_buildings': {
    one: 'The outline cuts through a building ({buildings}); draw around or between buildings',
    other: 'The outline cuts through {count} buildings ({buildings}); draw around or between buildings',
  },
  'grid.edit.unknown_cell': 'There is no cell {cell} in this plan',
  'grid.edit.not_in_cell': 'Building {building} is not in cell {cell}',
  'grid.edit.too_few_cells': 'Merging needs at least two different cells',
  'grid.edit.not_adjacent': {
    one: 'Cell {cells} does not touch cell {into}; merged it would be in pieces',
    other: 'Cells {cells} do not touch {into}; merged they would be in pieces',
  },
  'grid.edit.no_split': "The line leaves all of cell {cell}'s buildings on one side",
  'grid.edit.no_change': 'That step changes nothing',
  'grid.edit.not_in_community': 'Not in community {community}: buildings {buildings}, compounds {compounds} ({count} in all)',
  'grid.edit.rebalanced': { one: 'Rebalancing moved {count} building', other: 'Rebalancing moved {count} buildings' },
  'grid.edit.still_out_of_range': { one: 'Still out of range: cell {cells}', other: 'Still out of range: cells {cells}' },
  'grid.plan.target_cells': 'Aimed at {target} cells: {cells} cells of {min}–{max} households',
  'grid.edit.rebalance_no_cells': 'There are no cells to rebalance yet: generate a proposal or paint buildings into cells first',
  'grid.edit.rebalance_in_range': 'Every cell already has {min}–{max} households: rebalancing has nothing to move',
  'grid.edit.rebalance_stuck': {
    one: 'No move brings cell {cells} into {min}–{max} households without pushing a neighbour out of range or cutting a cell in pieces ({locked} locked cells are left alone); widen the range, unlock cells, or regenerate',
    other:
      'No move brings cells {cells} into {min}–{max} households without pushing a neighbour out of range or cutting a cell in pieces ({locked} locked cells are left alone); widen the range, unlock cells, or regenerate',
  },
  'grid.history.nothing_to_undo': 'Nothing to undo',
  'grid.history.nothing_to_redo': 'Nothing to redo',
  'grid.history.out_of_sync': 'Step {seq} can no longer be undone or redone: the plan no longer matches it',
  'grid.history.renumbered': 'Another plan took cell {cell} meanwhile: the redone cell is cell {to}',
  'grid.history.restored_renumbered': 'Cell {cell} was taken by another plan or retired meanwhile: the restored cell is cell {to}',

  'grid.shape.too_few_rings': '{field} has no ring; a polygon needs an outer ring',
  'grid.shape.ring_too_short': '{field} has {positions} positions; a closed ring needs at least 4',
  'grid.shape.ring_not_closed': '{field} is not closed: it starts at {start} and ends at {end}',
  'grid.shape.line_too_short': '{field} has too few positions ({positions}); a line needs at least 2',
  'grid.shape.not_a_position': '{field} must be [lng, lat]',
  'grid.shape.not_finite': '{field} holds a value that is not a finite number',
  'grid.shape.out_of_range': '{field} = {position} is not a longitude/latitude',
  'grid.shape.too_many_vertices': '{field} has {vertices} vertices (at most {max})',
  'grid.shape.invalid': '{field} is not a valid shape: {reason} (at {location})',
  'grid.shape.outside_community': '{field} lies entirely outside community {community}',

  'grid.publish.no_successor': 'The retired cell has no successor; assign this person again by hand',
  'grid.publish.already_assigned': 'Already {role} of {cell} (two retired cells merged)',
};
