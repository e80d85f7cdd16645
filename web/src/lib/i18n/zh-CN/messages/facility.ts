// Texts of the server's facility codes.
import type { facilityMessages } from '$contract/messages/facility';
import type { Text } from '../../types';

export const facility: Record<keyof typeof facilityMessages, Text> = {
  'project.not_found': '找不到项目 {id}',
  'project.invalid_transition': '项目状态不能从“{from}”改为“{to}”（可改为：{allowed}）',
};
