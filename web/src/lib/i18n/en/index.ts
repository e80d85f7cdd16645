// The English catalogue: the same keys as zh-CN (the types check it).
import type { StringKey } from '../zh-CN';
import type { Text } from '../types';
import { admin } from './admin';
import { common } from './common';
import { disputes } from './disputes';
import { facility } from './facility';
import { field } from './field';
import { grid } from './grid';
import { imports } from './imports';
import { inputs } from './inputs';
import { responsibility } from './responsibility';
import { scorecard } from './scorecard';
export { messages } from './messages/index';

export const strings: Record<StringKey, Text> = {
  ...common,
  ...grid,
  ...facility,
  ...responsibility,
  ...admin,
  ...disputes,
  ...scorecard,
  ...field,
  ...imports,
  ...inputs,
};
