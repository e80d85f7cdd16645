// Texts of the limits on expensive work (solver turns) and on public layers.
import type { limitsMessages } from '$contract/messages/limits';
import type { Text } from '../../types';

export const limits: Record<keyof typeof limitsMessages, Text> = {
  'solver.busy': '您已有 {limit} 个求解在运行或排队，请 {retryAfterSeconds} 秒后再试',
  'solver.time_limit_too_long': '{field}：最多 {maximum} 秒（更长的求解需要管理员）',
  'layers.bbox_required': '{field}：请先登录，或给出范围 bbox=最小经度,最小纬度,最大经度,最大纬度',
  'layers.bbox_too_large': '{field}：范围 {areaSquareKilometres} 平方公里，未登录时最多 {maximumSquareKilometres} 平方公里',
};
