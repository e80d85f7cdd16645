import type { admin as zh } from '../zh-CN/admin';
import type { Text } from '../types';

export const admin: Record<keyof typeof zh, Text> = {};
