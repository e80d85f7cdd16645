// Texts of the server's scorecard and grading codes.
import type { scorecardMessages } from '$contract/messages/scorecard';
import type { Text } from '../../types';

export const scorecard: Record<keyof typeof scorecardMessages, Text> = {
  'scorecard.no_targets': '{year} 年尚未设定目标',
  'scorecard.target_not_found': '{year} 年没有目标 {key}',
  'scorecard.unknown_community': '没有社区 {communityCode}',
  'scorecard.computed_not_entered': '{key} 由系统登记数据自动计算，不能手工填报',
  'scorecard.value_not_whole': '{key} 应为整数（填了 {value}）',
  'scorecard.value_out_of_range': '{value} 超出 {key} 的取值范围',
  'scorecard.import_failed': '未导入任何数据：文件中有 {count} 处问题',
  'scorecard.csv_unknown_column': '未知的列 {column}',
  'scorecard.csv_missing_code': '文件需要 community_code 列',
  'scorecard.csv_empty': '文件没有数据行',
  'scorecard.csv_unknown_community': '没有社区 {communityCode}',
  'scorecard.csv_duplicate_community': '社区 {communityCode} 已在第 {firstRow} 行出现',
  'scorecard.csv_not_a_number': '“{text}”不是数字',
  'grading.round_not_found': '找不到考评轮次 {id}',
  'grading.round_exists': '{year} 年的考评已经建立',
  'grading.round_confirmed': '{year} 年考评已确认，不能再修改',
  'grading.round_incomplete': '还有 {count} 个社区缺少评分，不能确认',
  'grading.confirm_own_scores': '您在本轮录入过评分，须由另一位领导确认',
  'grading.bands_invalid': '分数段须包含九个等级各一次，等级越高最低分越高',
  'scorecard.year_exists': '{year} 年已有目标',
  'scorecard.no_earlier_targets': '没有更早年份的目标可供 {year} 年沿用',
  'grading.unknown_community': '没有社区 {communityCode}',
};
