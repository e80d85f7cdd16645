// Texts of the server's generic codes: errors any route can answer and field problems.
import type { coreMessages } from '$contract/messages/core';
import type { Text } from '../../types';

export const core: Record<keyof typeof coreMessages, Text> = {
  invalid_input: '输入有误：{field}',
  not_found: '找不到：{method} {path}',
  unauthorized: '请先登录',
  forbidden: '没有权限（需要角色：{roles}）',
  too_large: '上传内容超过 {limitMegabytes} MB',
  unsupported_media_type: '请求内容的格式不对',
  stale_version: '该记录已被他人修改（当前版本 {currentVersion}，您的版本 {version}），请刷新后重试',
  duplicate: '已有相同编号的记录',
  reference: '引用的记录不存在或仍在使用中',
  constraint: '数据不符合规则',
  internal: '服务器出错，请稍后再试',
  'field.invalid_type': '{field}：类型应为 {expected}',
  'field.too_small': '{field}：不能小于 {minimum}',
  'field.too_big': '{field}：不能大于 {maximum}',
  'field.invalid_format': '{field}：格式不正确（{format}）',
  'field.invalid_value': '{field}：只能是 {values}',
  'field.unrecognized_keys': '{field}：不认识的字段 {keys}',
  'field.invalid': '{field}：{detail}',
  'field.min_over_max': '{field}不能大于{other}',
  'field.not_above': '{field}：须大于 {minimum}',
  'field.nul': '{field}：含有空字符（NUL）',
  'field.lone_surrogate': '{field}：含有无效字符（孤立代理项）',
  'field.bad_encoding': '{field}：编码无效（不是 UTF-8 文本）',
  empty_file: '文件只有表头，没有数据行；未作任何更改',
};
