/** English fallback texts of the limits that keep expensive work and personal data in bounds. */
export const limitsMessages = {
  'solver.busy': 'You already have {limit} solves running or waiting; try again in {retryAfterSeconds} s',
  'solver.time_limit_too_long': '{field}: at most {maximum} s (longer solves need an administrator)',
  'layers.bbox_required': '{field}: sign in, or give bbox=minLng,minLat,maxLng,maxLat for this layer',
  'layers.bbox_too_large': '{field}: {areaSquareKilometres} km²; at most {maximumSquareKilometres} km² without signing in',
} as const;
