import type { facility as zh } from '../zh-CN/facility';
import type { Text } from '../types';

export const facility: Record<keyof typeof zh, Text> = {};
