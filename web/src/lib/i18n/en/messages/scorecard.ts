// English texts of the server's scorecard and grading codes.
import type { scorecardMessages } from '$contract/messages/scorecard';
import type { Text } from '../../types';

export const scorecard: Record<keyof typeof scorecardMessages, Text> = {
  'scorecard.no_targets': 'No targets are set for {year}',
  'scorecard.target_not_found': 'No {key} target for {year}',
  'scorecard.unknown_community': 'No community {communityCode}',
  'scorecard.computed_not_entered': '{key} is computed from the registers and cannot be entered',
  'scorecard.value_not_whole': '{key} is a whole number (got {value})',
  'scorecard.value_out_of_range': '{value} is out of range for {key}',
  'scorecard.import_failed': 'Nothing was imported: {count} problems in the file',
  'scorecard.csv_unknown_column': 'Unknown column {column}',
  'scorecard.csv_missing_code': 'The file needs a community_code column',
  'scorecard.csv_empty': 'The file has no rows',
  'scorecard.csv_unknown_community': 'No community {communityCode}',
  'scorecard.csv_duplicate_community': 'Community {communityCode} is already on row {firstRow}',
  'scorecard.csv_not_a_number': '“{text}” is not a number',
  'grading.round_not_found': 'No grading round {id}',
  'grading.round_exists': 'A grading round for {year} already exists',
  'grading.round_confirmed': 'The {year} round is confirmed and can no longer change',
  'grading.round_incomplete': '{count} communities still miss scores: the round cannot be confirmed',
  'grading.confirm_own_scores': 'You entered scores in this round; another official must confirm it',
  'grading.bands_invalid': 'Score bands need each of the nine grades once, a better grade with a higher minimum score',
  'scorecard.year_exists': '{year} already has targets',
  'scorecard.no_earlier_targets': 'No earlier year has targets to start {year} from',
  'grading.unknown_community': 'No community {communityCode}',
};
