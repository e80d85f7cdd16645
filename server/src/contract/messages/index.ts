/**
 * Every message code the server can send, with its English fallback text. Each area keeps its
 * codes in its own file; the web app's catalogues are typed against `MessageCode`, so a code
 * without a Chinese and an English text does not compile.
 */
import { accountsMessages } from './accounts';
import { coreMessages } from './core';
import { disputesMessages } from './disputes';
import { facilityMessages } from './facility';
import { gridMessages } from './grid';
import { ioMessages } from './io';
import { ioFilesMessages } from './io-files';
import { limitsMessages } from './limits';
import { printMessages } from './print';
import { placesMessages } from './places';
import { responsibilityMessages } from './responsibility';
import { scorecardMessages } from './scorecard';
import { securityMessages } from './security';
import { scopesMessages } from './scopes';
import { renderTemplate, type MessageParams } from './render';

export { messageParamsSchema, renderTemplate, type MessageParam, type MessageParams } from './render';

export const MESSAGES = {
  ...coreMessages,
  ...facilityMessages,
  ...gridMessages,
  ...responsibilityMessages,
  ...ioMessages,
  ...disputesMessages,
  ...scorecardMessages,
  ...accountsMessages,
  ...securityMessages,
  ...limitsMessages,
  ...printMessages,
  ...placesMessages,
  ...ioFilesMessages,
  ...scopesMessages,
} as const;

export type MessageCode = keyof typeof MESSAGES;

/** A message as it crosses the wire. */
export interface Message {
  code: MessageCode;
  params: MessageParams;
  /** English fallback for API users; screens render `code` + `params` instead. */
  message: string;
}

/** Builds a message with its English fallback text. */
export function msg(code: MessageCode, params: MessageParams = {}): Message {
  return { code, params, message: renderTemplate(MESSAGES[code], params) };
}
