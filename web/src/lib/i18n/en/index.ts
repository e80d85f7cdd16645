// The English catalogue: the same keys as zh-CN (the types check it).
import type { StringKey } from '../zh-CN';
import type { Text } from '../types';
import { common } from './common';
export { messages } from './messages';

export const strings: Record<StringKey, Text> = { ...common };
