// Texts of the server's disputes-register and public-page codes.
import type { disputesMessages } from '$contract/messages/disputes';
import type { Text } from '../../types';

export const disputes: Record<keyof typeof disputesMessages, Text> = {
  'dispute.not_found': '找不到事件 {id}',
  'dispute.invalid_transition': '事件状态不能从“{from}”改为“{to}”（可改为：{allowed}）',
  'dispute.outside_cells': '事件 {id} 属于网格 {cellCode}，不是您负责的网格',
  'dispute.building_not_found': '找不到楼栋 {code}',
  'dispute.photo_too_large': '照片超过 {limitMegabytes} MB 上限',
  'dispute.photo_type': '照片须为 JPEG 或 PNG 图片',
  'dispute.photo_empty': '照片是空的',
  'dispute.photo_not_found': '事件 {id} 没有照片',
  'public.community_not_found': '找不到社区 {code}',
};
