// Texts of the sign-in throttle and separation-of-duties refusals.
import type { securityMessages } from '$contract/messages/security';
import type { Text } from '../../types';

export const security: Record<keyof typeof securityMessages, Text> = {
  'auth.too_many_attempts': '登录失败次数过多，请 {minutes} 分钟后再试',
  'grid.plan.self_approval': '方案 {id} 由 {username} 提交，须由其他人审批',
  'facility.scenario.self_approval': '方案 {id} 由 {username} 求解生成，须由其他人审批',
};
