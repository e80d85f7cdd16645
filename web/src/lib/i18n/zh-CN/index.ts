// The Chinese catalogue (the source language): screen strings by section, and the server's codes.
import { common } from './common';
export { messages } from './messages';

export const strings = { ...common } as const;
export type StringKey = keyof typeof strings;
