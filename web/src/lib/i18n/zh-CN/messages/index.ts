// Texts of every code the server sends (errors, reasons, problems), by area. The type makes
// every server code need a text; params fill the `{name}` placeholders.
import type { MessageCode } from '$contract/messages';
import type { Text } from '../../types';
import { accounts } from './accounts';
import { core } from './core';
import { disputes } from './disputes';
import { facility } from './facility';
import { grid } from './grid';
import { io } from './io';
import { ioFiles } from './io-files';
import { limits } from './limits';
import { print } from './print';
import { places } from './places';
import { responsibility } from './responsibility';
import { scorecard } from './scorecard';
import { security } from './security';
import { scopes } from './scopes';

export const messages: Record<MessageCode, Text> = {
  ...core,
  ...facility,
  ...grid,
  ...io,
  ...responsibility,
  ...disputes,
  ...scorecard,
  ...accounts,
  ...security,
  ...limits,
  ...print,
  ...places,
  ...ioFiles,
  ...scopes,
};
