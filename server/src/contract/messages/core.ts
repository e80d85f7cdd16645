/** English fallback texts of the codes every screen can meet: generic errors and field problems. */
export const coreMessages = {
  // Errors any route can answer.
  invalid_input: '{problem}',
  not_found: 'Not found: {method} {path}',
  unauthorized: 'Log in first',
  forbidden: 'This needs one of the roles: {roles}',
  too_large: 'Request body is over {limitMegabytes} MB',
  unsupported_media_type: 'This route takes a body of another media type (JSON: Content-Type application/json)',
  stale_version: '{entity} {id} was changed by someone else (version {currentVersion}, you had {version})',
  duplicate: 'A record with the same key already exists',
  reference: 'A referenced record does not exist or is still in use',
  constraint: 'A value breaks a data rule',
  internal: 'Internal server error',
  // Field problems (one per zod issue kind) inside an invalid_input error's details.
  'field.invalid_type': '{field}: expected {expected}',
  'field.too_small': '{field}: must be at least {minimum}',
  'field.too_big': '{field}: must be at most {maximum}',
  'field.invalid_format': '{field}: not a valid {format}',
  'field.invalid_value': '{field}: must be one of {values}',
  'field.unrecognized_keys': '{field}: unknown fields {keys}',
  'field.invalid': '{field}: {detail}',
  'field.min_over_max': '{field} must not exceed {other}',
  'field.not_above': '{field}: must be more than {minimum}',
  'field.nul': '{field}: contains a NUL character (U+0000)',
  'field.lone_surrogate': '{field}: contains an unpaired surrogate (not valid Unicode text)',
  'field.bad_encoding': '{field}: percent-encoded bytes that are not UTF-8 text',
  empty_file: 'The file has a header but no data rows; nothing was changed',
} as const;
