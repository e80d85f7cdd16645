// Texts of the server's data-scope codes.
import type { scopesMessages } from '$contract/messages/scopes';
import type { Text } from '../../types';

export const scopes: Record<keyof typeof scopesMessages, Text> = {
  'scope.unknown': '没有编码为 {code} 的区划或社区：数据范围须是已知的市、县（区）、镇（街道）或社区',
  'scope.outside': '{code} 不在您的数据范围 {scope} 内',
  'scope.row_outside': '第 {row} 行：社区 {code} 不在您的数据范围 {scope} 内',
  'scope.feature_outside': '第 {feature} 个要素：{code} 不在您的数据范围 {scope} 内（未导入任何数据；共 {count} 个在范围外）',
};
