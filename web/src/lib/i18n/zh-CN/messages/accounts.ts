// Texts of the server's account codes.
import type { accountsMessages } from '$contract/messages/accounts';
import type { Text } from '../../types';

export const accounts: Record<keyof typeof accountsMessages, Text> = {
  'account.not_found': '没有名为 {username} 的账号',
  'account.exists': '账号 {username} 已存在',
  'account.unknown_cells': '未知的网格编码：{codes}',
  'account.last_admin': '不能停用最后一个管理员，也不能取消其管理员角色',
  'account.self_disable': '不能停用自己的账号',
  'account.wrong_password': '当前密码不正确',
  'account.password_too_short': '密码至少需要 {minimum} 个字符',
};
