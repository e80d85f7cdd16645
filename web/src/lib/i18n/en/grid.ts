import type { grid as zh } from '../zh-CN/grid';
import type { Text } from '../types';

export const grid: Record<keyof typeof zh, Text> = {};
