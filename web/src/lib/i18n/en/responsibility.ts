import type { responsibility as zh } from '../zh-CN/responsibility';
import type { Text } from '../types';

export const responsibility: Record<keyof typeof zh, Text> = {};
