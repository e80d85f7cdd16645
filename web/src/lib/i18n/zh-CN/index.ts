// The Chinese catalogue (the source language): screen strings by section, and the server's codes.
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

export const strings = {
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
} as const;
export type StringKey = keyof typeof strings;
