// English texts of the server's generic codes (see zh-CN/messages/core.ts).
import type { coreMessages } from '$contract/messages/core';
import type { Text } from '../../types';

export const core: Record<keyof typeof coreMessages, Text> = {
  invalid_input: 'Invalid input: {field}',
  not_found: 'Not found: {method} {path}',
  unauthorized: 'Please sign in first',
  forbidden: 'Not allowed (needs role: {roles})',
  too_large: 'The upload is over {limitMegabytes} MB',
  unsupported_media_type: 'The request body has the wrong format',
  stale_version: 'Someone else changed this record (now version {currentVersion}, yours {version}); reload and try again',
  duplicate: 'A record with the same code already exists',
  reference: 'A referenced record does not exist or is still in use',
  constraint: 'A value breaks a data rule',
  internal: 'Server error, please try again later',
  'field.invalid_type': '{field}: expected {expected}',
  'field.too_small': '{field}: must be at least {minimum}',
  'field.too_big': '{field}: must be at most {maximum}',
  'field.invalid_format': '{field}: not a valid {format}',
  'field.invalid_value': '{field}: must be one of {values}',
  'field.unrecognized_keys': '{field}: unknown fields {keys}',
  'field.invalid': '{field}: {detail}',
  'field.min_over_max': '{field} must not exceed {other}',
  'field.not_above': '{field}: must be more than {minimum}',
  'field.nul': '{field}: contains a NUL character',
  'field.lone_surrogate': '{field}: contains an invalid character (unpaired surrogate)',
  'field.bad_encoding': '{field}: not valid text (bad encoding)',
  empty_file: 'The file has no data rows; nothing was changed',
};
