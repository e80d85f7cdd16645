// English texts of the limits on expensive work (solver turns) and on public layers.
import type { limitsMessages } from '$contract/messages/limits';
import type { Text } from '../../types';

export const limits: Record<keyof typeof limitsMessages, Text> = {
  'solver.busy': 'You already have {limit} solves running or waiting; try again in {retryAfterSeconds} s',
  'solver.time_limit_too_long': '{field}: at most {maximum} s (longer solves need an administrator)',
  'layers.bbox_required': '{field}: sign in, or give an area bbox=minLng,minLat,maxLng,maxLat',
  'layers.bbox_too_large': '{field}: {areaSquareKilometres} km²; at most {maximumSquareKilometres} km² without signing in',
};
